//! Life-cycle cost (LCC/TCO) of offers: pure math.
