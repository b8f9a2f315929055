//! Classification of lot records: product group via CPV, and green/social/innovative/circular/
//! clean-vehicle/life-cycle-cost flags with the field and value that prove them.

use spp_domain::codelist::{
    EnvironmentalImpact, GppCriteria, ReservedProcurement, StrategicProcurement,
};
use spp_domain::{CodeList, Cpv, FlagKind, Lot, LotFlag, LotRecord, Notice};

use crate::model::LabelKind;
use crate::text::{fold, tco_cost_mention};
use crate::Catalogue;

fn push(flags: &mut Vec<LotFlag>, kind: FlagKind, field: &str, evidence: impl Into<String>) {
    let flag = LotFlag {
        kind,
        field: field.to_string(),
        evidence: evidence.into(),
    };
    if !flags.contains(&flag) {
        flags.push(flag);
    }
}

impl Catalogue {
    /// Classify the records of `notice`: for each record (matched to its lot by
    /// `record.lot_id == lot.id`) set `product_group` (main CPV, else the first additional CPV
    /// that has a group) and add flags with their evidence. Flags already present are not
    /// duplicated, so classifying twice is harmless.
    pub fn classify(&self, notice: &Notice, records: &mut [LotRecord]) {
        for record in records.iter_mut() {
            let lot = notice.lots.iter().find(|l| l.id == record.lot_id);
            record.product_group = self.group_of(notice, lot, record).map(|g| g.id.clone());
            let mut flags = std::mem::take(&mut record.flags);
            self.flags_from_codes(record, lot, &mut flags);
            if let Some(lot) = lot {
                self.flags_from_text(lot, &mut flags);
            }
            flags.sort_by_key(|f| f.kind);
            record.flags = flags;
        }
    }

    fn group_of(
        &self,
        notice: &Notice,
        lot: Option<&Lot>,
        record: &LotRecord,
    ) -> Option<&crate::ProductGroup> {
        let main = record
            .main_cpv
            .as_ref()
            .or(lot.and_then(|l| l.main_cpv.as_ref()))
            .or(notice.procedure.main_cpv.as_ref());
        let additional: Vec<&Cpv> = lot
            .map(|l| l.additional_cpv.iter().collect::<Vec<_>>())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| notice.procedure.additional_cpv.iter().collect());
        main.and_then(|c| self.group_for_cpv(c))
            .or_else(|| additional.into_iter().find_map(|c| self.group_for_cpv(c)))
    }

    fn flags_from_codes(&self, record: &LotRecord, lot: Option<&Lot>, flags: &mut Vec<LotFlag>) {
        let s = lot.map(|l| &l.strategic);
        let strategic = record
            .strategic
            .iter()
            .chain(s.into_iter().flat_map(|s| &s.procurement));
        for code in strategic {
            let kind = match code {
                StrategicProcurement::EnvImp => FlagKind::Green,
                StrategicProcurement::SocObj => FlagKind::Social,
                StrategicProcurement::InnPur => FlagKind::Innovative,
                _ => continue,
            };
            push(flags, kind, "BT-06", code.as_str());
        }
        let env = record
            .environmental
            .iter()
            .chain(s.into_iter().flat_map(|s| &s.environmental));
        for code in env {
            push(flags, FlagKind::Green, "BT-774", code.as_str());
            if *code == EnvironmentalImpact::CircEcon {
                push(flags, FlagKind::Circular, "BT-774", code.as_str());
            }
        }
        let social = record
            .social
            .iter()
            .chain(s.into_iter().flat_map(|s| &s.social));
        for code in social {
            push(flags, FlagKind::Social, "BT-775", code.as_str());
        }
        let innov = record
            .innovative
            .iter()
            .chain(s.into_iter().flat_map(|s| &s.innovative));
        for code in innov {
            push(flags, FlagKind::Innovative, "BT-776", code.as_str());
        }
        let gpp = record
            .gpp_criteria
            .iter()
            .chain(s.into_iter().flat_map(|s| &s.gpp_criteria));
        for code in gpp {
            if *code != GppCriteria::None {
                push(flags, FlagKind::Green, "BT-805", code.as_str());
            }
        }
        let reserved = record
            .reserved
            .iter()
            .chain(lot.into_iter().flat_map(|l| &l.reserved));
        for code in reserved {
            if matches!(
                code,
                ReservedProcurement::ShelteredWorkshops | ReservedProcurement::PublicServiceMission
            ) {
                push(flags, FlagKind::Social, "BT-71", code.as_str());
            }
        }
        // BT-736 reserved execution (sheltered employment programmes), counted as social like BT-71.
        if let Some(exec) = lot.and_then(|l| l.reserved_execution.as_deref()) {
            if exec.trim() == "yes" {
                push(flags, FlagKind::Social, "BT-736", "yes");
            }
        }
        // BT-717 = true says the Clean Vehicles Directive *applies* to the lot, not that its
        // vehicles are clean: only clean or zero-emission vehicle counts (OPT-156) set the flag.
        if let Some(n) = record.vehicles_clean.filter(|n| *n > 0) {
            push(
                flags,
                FlagKind::CleanVehicle,
                "OPT-156",
                format!("vehicles-clean={n}"),
            );
        }
        if let Some(n) = record.vehicles_zero_emission.filter(|n| *n > 0) {
            push(
                flags,
                FlagKind::CleanVehicle,
                "OPT-156",
                format!("vehicles-zero-emission={n}"),
            );
        }
    }

    fn flags_from_text(&self, lot: &Lot, flags: &mut Vec<LotFlag>) {
        for ac in &lot.award_criteria {
            for (field, text) in [("BT-734", &ac.name), ("BT-540", &ac.description)] {
                let hay = fold(&text.all_text());
                if hay.trim().is_empty() {
                    continue;
                }
                let hits = self.matcher.scan(&hay);
                for (i, label) in self.labels.iter().enumerate() {
                    if let Some(n) = hits.label_name(i) {
                        let name = if n == 0 {
                            &label.name
                        } else {
                            &label.aliases[n - 1]
                        };
                        let kind = if label.kind == LabelKind::Social {
                            FlagKind::Social
                        } else {
                            FlagKind::Green
                        };
                        push(flags, kind, field, name.clone());
                    }
                }
                if let Some(p) = hits.lcc_phrase() {
                    push(flags, FlagKind::LifeCycleCost, field, p);
                } else if tco_cost_mention(&hay) {
                    push(flags, FlagKind::LifeCycleCost, field, "tco");
                }
                if let Some(stem) = hits.circular_stem() {
                    push(flags, FlagKind::Circular, field, stem);
                }
            }
        }
        for (field, text) in [
            ("BT-777", &lot.strategic.description),
            ("BT-24", &lot.description),
        ] {
            let hay = fold(&text.all_text());
            if let Some(stem) = self.matcher.scan(&hay).circular_stem() {
                push(flags, FlagKind::Circular, field, stem);
            }
        }
    }
}
