//! spp ingest pipeline: files, folders and archives of notices, parsed in parallel, classified and stored.
