//! eForms XML notices into spp domain types (parsing only, no I/O).
