//! Ingest orchestration: files, folders and archives into the store through the
//! `spp-ingest` pipeline, classified with the app's catalogue; and the bundled sample.

use std::path::PathBuf;

use spp_ingest::{Cancel, IngestOptions, Limits, Progress, Summary};

use crate::assets::SampleArchive;
use crate::error::AppResult;
use crate::App;

/// How to ingest.
#[derive(Debug, Clone)]
pub struct IngestRequest {
    /// Files, folders, `.tar.gz` and `.zip` archives.
    pub paths: Vec<PathBuf>,
    /// Most notices per write transaction (each notice stays whole either way).
    pub batch: usize,
    /// Guards against decompression bombs and oversized inputs.
    pub limits: Limits,
}

impl App {
    /// Ingests the request's inputs, calling `progress` after each written batch. Inputs that
    /// fail are listed in the summary; the run goes on.
    pub async fn ingest(
        &self,
        request: &IngestRequest,
        progress: &(dyn Fn(&Progress) + Send + Sync),
    ) -> AppResult<Summary> {
        self.ingest_until(request, &Cancel::new(), progress).await
    }

    /// [`App::ingest`] that ends early when `stop` is set (a signal): the batch being
    /// written is committed and the summary says `interrupted`.
    pub async fn ingest_until(
        &self,
        request: &IngestRequest,
        stop: &Cancel,
        progress: &(dyn Fn(&Progress) + Send + Sync),
    ) -> AppResult<Summary> {
        let options = IngestOptions {
            batch: request.batch.max(1),
            limits: request.limits,
            catalogue: Some(self.catalogue_arc()),
            stop: stop.clone(),
            ..IngestOptions::default()
        };
        let summary = spp_ingest::ingest(&request.paths, self.store(), &options, progress).await?;
        if !summary.interrupted && summary.new + summary.updated > 0 {
            // The first report after the ingest then reads small views, not the full cube.
            if let Err(e) = self.refresh_views().await {
                tracing::warn!("the views of the stored aggregates were not derived: {e}");
            }
        }
        Ok(summary)
    }

    /// Ingests the sample notices embedded in the binary (idempotent: a second run finds
    /// every notice unchanged).
    pub async fn ingest_sample(&self) -> AppResult<Summary> {
        let archive = SampleArchive::write()?;
        let request = IngestRequest {
            paths: vec![archive.path()],
            batch: IngestOptions::default().batch,
            limits: Limits::default(),
        };
        self.ingest(&request, &|_| {}).await
    }

    /// Ingests the bundled sample when the database holds no notice yet (what `spp serve`
    /// does on the default database); `None` when it already had notices.
    pub async fn ingest_sample_if_empty(&self) -> AppResult<Option<Summary>> {
        if self.store().counts().await?.notices > 0 {
            return Ok(None);
        }
        self.ingest_sample().await.map(Some)
    }
}
