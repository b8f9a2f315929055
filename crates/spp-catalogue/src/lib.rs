//! The spp criteria catalogue: product groups, criteria, labels, CPV lookup, classification.
