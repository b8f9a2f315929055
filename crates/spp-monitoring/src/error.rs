//! Errors of the monitoring library.

/// What can go wrong while computing or writing a report.
#[derive(Debug, thiserror::Error)]
pub enum MonitoringError {
    /// An exchange-rate file could not be read.
    #[error("{origin} line {line}: {reason}")]
    Fx {
        origin: String,
        line: usize,
        reason: String,
    },
    /// A report could not be written.
    #[error("cannot write the {format} report: {reason}")]
    Output {
        format: &'static str,
        reason: String,
    },
    /// An unknown `--by` or `--format` value.
    #[error("unknown {what} {value:?} (expected one of: {expected})")]
    UnknownOption {
        what: &'static str,
        value: String,
        expected: String,
    },
}

impl MonitoringError {
    pub(crate) fn fx(origin: &str, line: usize, reason: impl Into<String>) -> Self {
        MonitoringError::Fx {
            origin: origin.to_string(),
            line,
            reason: reason.into(),
        }
    }

    pub(crate) fn output(format: &'static str, reason: impl std::fmt::Display) -> Self {
        MonitoringError::Output {
            format,
            reason: reason.to_string(),
        }
    }
}
