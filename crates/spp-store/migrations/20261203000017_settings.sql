-- Schema 17: settings the store keeps about itself. `catalogue_fingerprint` is the BLAKE3 hash
-- of the catalogue the stored notice lots were classified with: when the catalogue changes,
-- `spp reclassify` (and the register report) classify the stored notices again.
CREATE TABLE store_settings (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);
