//! The stored body of a notice: the whole [`Notice`] as JSON, packed with LZ4 (block format)
//! behind its uncompressed length, in `notice_documents.json_lz4`.
//!
//! Packing happens where the notice is prepared (the ingest's parser threads), so the single
//! database writer handles about 2 KB per notice instead of 5.5 KB. Unpacking checks the
//! length before allocating: a damaged value gives an error, never a huge allocation.

use spp_domain::Notice;

use crate::StoreError;

/// The largest JSON body unpacked (a notice is at most a few MB of XML; its JSON is smaller).
pub(crate) const MAX_JSON_BYTES: usize = 256 << 20;

/// The notice as packed JSON.
pub(crate) fn pack(notice: &Notice) -> Result<Vec<u8>, StoreError> {
    let json = serde_json::to_vec(notice).map_err(|source| StoreError::Json {
        what: format!("notice {}", notice.id),
        source,
    })?;
    Ok(pack_json(&json))
}

/// Packs JSON text: its length (u32, little-endian), then the LZ4 block.
pub(crate) fn pack_json(json: &[u8]) -> Vec<u8> {
    lz4_flex::block::compress_prepend_size(json)
}

/// The notice `id` from its packed body.
pub(crate) fn unpack(id: &str, packed: &[u8]) -> Result<Notice, StoreError> {
    let what = || format!("the stored body of notice {id}");
    let corrupt = |reason: String| StoreError::Corrupt {
        what: what(),
        reason,
    };
    let (len, block) = match packed {
        [a, b, c, d, rest @ ..] => (u32::from_le_bytes([*a, *b, *c, *d]) as usize, rest),
        _ => return Err(corrupt(format!("{} bytes, too short", packed.len()))),
    };
    if len > MAX_JSON_BYTES {
        return Err(corrupt(format!("claims {len} bytes of JSON")));
    }
    let json = lz4_flex::block::decompress(block, len).map_err(|e| corrupt(e.to_string()))?;
    serde_json::from_slice(&json).map_err(|source| StoreError::Json {
        what: what(),
        source,
    })
}

/// Bodies moved per transaction from the schema-2 table `notice_bodies`.
pub(crate) const MOVE_BATCH: i64 = 2_000;

/// Moves the JSON bodies of `notice_bodies` (schema 2 and 3) into `notice_documents`, packed,
/// a batch per transaction, so an interrupted move resumes where it stopped. Evaluates to the
/// number of bodies moved.
macro_rules! move_legacy_bodies {
    ($pool:expr) => {{
        let mut moved = 0_u64;
        loop {
            let mut tx = $pool.begin().await?;
            let rows: Vec<(String, i32, String)> = sqlx::query_as(
                "SELECT b.notice_id, n.seq, b.body FROM notice_bodies b \
                 JOIN notices n ON n.id = b.notice_id ORDER BY b.notice_id LIMIT $1",
            )
            .bind($crate::document::MOVE_BATCH)
            .fetch_all(&mut *tx)
            .await?;
            let Some((last, ..)) = rows.last() else {
                break;
            };
            let last = last.clone();
            let mut qb =
                sqlx::QueryBuilder::new("INSERT INTO notice_documents (notice_seq, json_lz4) ");
            qb.push_values(&rows, |mut b, (_, seq, body)| {
                b.push_bind(*seq)
                    .push_bind($crate::document::pack_json(body.as_bytes()));
            });
            qb.push(" ON CONFLICT (notice_seq) DO NOTHING");
            qb.build().execute(&mut *tx).await?;
            sqlx::query("DELETE FROM notice_bodies WHERE notice_id <= $1")
                .bind(&last)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            moved += rows.len() as u64;
        }
        moved
    }};
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn sample_notices() -> Vec<Notice> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample");
        crate::codec::tests::walk(&dir)
            .iter()
            .filter_map(|f| spp_eforms::parse_notice(&std::fs::read(f).ok()?).ok())
            .collect()
    }

    /// Every sample notice comes back equal, and packing at least halves the JSON.
    #[test]
    fn sample_bodies_round_trip() {
        let notices = sample_notices();
        assert!(notices.len() > 100, "{} sample notices", notices.len());
        let (mut json, mut packed_bytes) = (0, 0);
        for n in &notices {
            let packed = pack(n).unwrap();
            assert_eq!(&unpack(&n.id, &packed).unwrap(), n, "{}", n.id);
            json += serde_json::to_vec(n).unwrap().len();
            packed_bytes += packed.len();
        }
        assert!(packed_bytes * 2 < json, "{packed_bytes} packed of {json}");
    }

    /// Damaged bodies are errors naming the notice, never a panic or a huge allocation.
    #[test]
    fn damaged_bodies() {
        let notice = sample_notices().swap_remove(0);
        let packed = pack(&notice).unwrap();
        let err = unpack("X", &packed[..2]).unwrap_err().to_string();
        assert!(
            err.contains("notice X") && err.contains("too short"),
            "{err}"
        );
        let mut huge = packed.clone();
        huge[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        let err = unpack("X", &huge).unwrap_err().to_string();
        assert!(err.contains("claims"), "{err}");
        for cut in 0..packed.len() {
            assert!(unpack("X", &packed[..cut]).is_err(), "cut at {cut}");
        }
        let mut failed = 0;
        for at in 0..packed.len() {
            let mut bad = packed.clone();
            bad[at] ^= 0x5a;
            failed += usize::from(unpack("X", &bad).is_err());
        }
        assert!(failed > 0);
    }
}
