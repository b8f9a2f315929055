#!/usr/bin/env python3
"""GPP-1 (green procurement, declared) share by count, per stage, computed by DuckDB over the
Parquet files of `spp export --format parquet` (docs/EXPORT.md shows the same query).

Usage: duckdb_gpp1.py DIR   (prints `stage numerator denominator` lines)
"""
import sys

import duckdb

QUERY = """
SELECT stage,
       count(*) FILTER (WHERE in_numerator)   AS numerator,
       count(*) FILTER (WHERE in_denominator) AS denominator
FROM read_parquet(? || '/indicator_facts/*/*/*.parquet', hive_partitioning = true)
WHERE indicator = 'GPP-1'
GROUP BY stage
ORDER BY stage
"""

for stage, numerator, denominator in duckdb.connect().execute(QUERY, [sys.argv[1]]).fetchall():
    print(stage, numerator, denominator)
