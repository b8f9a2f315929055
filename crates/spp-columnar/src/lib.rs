//! Columnar export: lot records, notices and indicator facts → Parquet files under one
//! directory, partitioned hive-style (`lots/year=2024/country=BEL/part-0.parquet`), readable
//! by DuckDB, Spark and Trino as they are. The schemas are in docs/EXPORT.md.
//!
//! Rows are buffered per partition and written as a row group every [`ROW_GROUP`] rows; when
//! all partitions of a table together buffer [`MAX_BUFFERED`] rows, every partition writes
//! what it has. Memory is bounded by that, whatever the number of rows or partitions.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_schema::Schema;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use spp_domain::LotRecord;

mod tables;

pub use tables::{IndicatorFact, NoticeRow};

/// Rows per row group (and most rows buffered per partition).
pub const ROW_GROUP: usize = 2048;

/// Most rows one table buffers over all its partitions.
pub const MAX_BUFFERED: usize = 16_384;

/// The hive value of a missing partition key (read as NULL by Hive, Spark, Trino, DuckDB).
pub const NULL_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ColumnarError {
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write Parquet file {}: {source}", path.display())]
    Parquet {
        path: PathBuf,
        #[source]
        source: parquet::errors::ParquetError,
    },
    #[error("cannot build a record batch: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
}

/// A row type: its schema and how a buffer of rows becomes a batch.
pub(crate) trait Table: Sized {
    const NAME: &'static str;
    fn schema() -> Arc<Schema>;
    fn batch(rows: &[Self]) -> Result<RecordBatch, arrow_schema::ArrowError>;
}

/// One open partition of one table.
struct Partition<T> {
    writer: ArrowWriter<File>,
    rows: Vec<T>,
    path: PathBuf,
}

/// The writers of one table, by partition.
struct TableWriter<T: Table> {
    root: PathBuf,
    partitions: BTreeMap<(String, String), Partition<T>>,
    rows: u64,
    buffered: usize,
}

impl<T: Table> TableWriter<T> {
    fn new(root: &Path) -> Self {
        TableWriter {
            root: root.join(T::NAME),
            partitions: BTreeMap::new(),
            rows: 0,
            buffered: 0,
        }
    }

    fn push(
        &mut self,
        year: Option<i32>,
        country: Option<&str>,
        row: T,
    ) -> Result<(), ColumnarError> {
        let key = (
            year.map_or(NULL_PARTITION.to_string(), |y| y.to_string()),
            country
                .filter(|c| is_plain(c))
                .map_or(NULL_PARTITION.to_string(), str::to_string),
        );
        if !self.partitions.contains_key(&key) {
            let dir = self
                .root
                .join(format!("year={}", key.0))
                .join(format!("country={}", key.1));
            std::fs::create_dir_all(&dir).map_err(|source| ColumnarError::Io {
                path: dir.clone(),
                source,
            })?;
            let path = dir.join("part-0.parquet");
            let file = File::create(&path).map_err(|source| ColumnarError::Io {
                path: path.clone(),
                source,
            })?;
            let props = WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .set_max_row_group_size(ROW_GROUP)
                .build();
            let writer =
                ArrowWriter::try_new(file, T::schema(), Some(props)).map_err(|source| {
                    ColumnarError::Parquet {
                        path: path.clone(),
                        source,
                    }
                })?;
            self.partitions.insert(
                key.clone(),
                Partition {
                    writer,
                    rows: Vec::new(),
                    path,
                },
            );
        }
        let part = self.partitions.get_mut(&key).expect("inserted above");
        part.rows.push(row);
        self.rows += 1;
        self.buffered += 1;
        if part.rows.len() >= ROW_GROUP {
            self.buffered -= part.rows.len();
            flush(part)?;
        }
        if self.buffered >= MAX_BUFFERED {
            for part in self.partitions.values_mut() {
                flush(part)?;
            }
            self.buffered = 0;
        }
        Ok(())
    }

    fn finish(self) -> Result<Vec<PathBuf>, ColumnarError> {
        let mut files = Vec::new();
        for (_, mut part) in self.partitions {
            flush(&mut part)?;
            let path = part.path.clone();
            part.writer
                .close()
                .map_err(|source| ColumnarError::Parquet {
                    path: path.clone(),
                    source,
                })?;
            files.push(path);
        }
        Ok(files)
    }
}

/// Writes the buffered rows as one row group.
fn flush<T: Table>(part: &mut Partition<T>) -> Result<(), ColumnarError> {
    if part.rows.is_empty() {
        return Ok(());
    }
    let batch = T::batch(&part.rows)?;
    part.rows.clear();
    let path = part.path.clone();
    let err = |source| ColumnarError::Parquet {
        path: path.clone(),
        source,
    };
    part.writer.write(&batch).map_err(err)?;
    part.writer.flush().map_err(err)
}

/// A partition value must be a plain path segment.
fn is_plain(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The three tables of an export, written as rows come.
pub struct Export {
    lots: TableWriter<LotRecord>,
    notices: TableWriter<NoticeRow>,
    facts: TableWriter<IndicatorFact>,
}

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    pub lots: u64,
    pub notices: u64,
    pub facts: u64,
    pub files: Vec<PathBuf>,
}

impl Export {
    /// Starts an export into `dir` (created when missing).
    pub fn create(dir: &Path) -> Result<Export, ColumnarError> {
        std::fs::create_dir_all(dir).map_err(|source| ColumnarError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        Ok(Export {
            lots: TableWriter::new(dir),
            notices: TableWriter::new(dir),
            facts: TableWriter::new(dir),
        })
    }

    /// One notice: its lot records (in scope) and their indicator facts.
    pub fn push(
        &mut self,
        records: &[LotRecord],
        facts: Vec<IndicatorFact>,
    ) -> Result<(), ColumnarError> {
        let Some(first) = records.first() else {
            return Ok(());
        };
        self.notices.push(
            first.year,
            first.buyer_country.as_deref(),
            NoticeRow::of(records),
        )?;
        for r in records {
            self.lots
                .push(r.year, r.buyer_country.as_deref(), r.clone())?;
        }
        for f in facts {
            let (year, country) = (f.year, f.country.clone());
            self.facts.push(year, country.as_deref(), f)?;
        }
        Ok(())
    }

    /// Closes every file.
    pub fn finish(self) -> Result<Written, ColumnarError> {
        let (lots, notices, facts) = (self.lots.rows, self.notices.rows, self.facts.rows);
        let mut files = self.lots.finish()?;
        files.extend(self.notices.finish()?);
        files.extend(self.facts.finish()?);
        Ok(Written {
            lots,
            notices,
            facts,
            files,
        })
    }
}
