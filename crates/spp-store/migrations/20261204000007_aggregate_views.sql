-- Schema 7: the stored aggregates keep several views of the cube (spp-monitoring's
-- `cube::view`): the full cube (view 0) and projections onto one or two dimensions, whose
-- keys start with `v<id>|`. A report reads the rows of the views it needs only; the writer
-- keeps view 0 in every save and the others are derived from it (`views_generation`).
ALTER TABLE aggregate_cells ADD COLUMN view BIGINT NOT NULL DEFAULT 0;
ALTER TABLE aggregate_spans ADD COLUMN view BIGINT NOT NULL DEFAULT 0;
ALTER TABLE aggregate_procedures ADD COLUMN view BIGINT NOT NULL DEFAULT 0;
CREATE INDEX aggregate_cells_view ON aggregate_cells (view);
CREATE INDEX aggregate_spans_view ON aggregate_spans (view);
CREATE INDEX aggregate_procedures_view ON aggregate_procedures (view) WHERE spanning = 1;
-- The views are derived from the full cube once per generation (not kept by each save):
-- the generation they were derived for (-1: never).
ALTER TABLE aggregate_meta ADD COLUMN views_generation BIGINT NOT NULL DEFAULT -1;
