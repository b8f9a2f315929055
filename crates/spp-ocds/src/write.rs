//! spp's notices → OCDS releases (step 2).
