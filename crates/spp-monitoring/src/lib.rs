//! spp indicators: sustainable, green, social, innovative procurement, SME, e-procurement, spend.
