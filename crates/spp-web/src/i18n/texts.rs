//! Every UI text of the pages, by key, in English, Dutch and French. A page asks
//! `ui.t("key")`; a key missing here shows as itself (and fails the tests that scan pages).

use std::collections::HashMap;
use std::sync::OnceLock;

use spp_catalogue::Lang;

/// `(key, [en, nl, fr])`.
pub static TEXTS: &[(&str, [&str; 3])] = &[
    // Layout
    ("site", ["spp — sustainable public procurement", "spp — duurzame overheidsopdrachten", "spp — marchés publics durables"]),
    ("nav_dashboard", ["Dashboard", "Dashboard", "Tableau de bord"]),
    ("nav_explorer", ["Notices", "Aankondigingen", "Avis"]),
    ("nav_guide", ["Criteria guide", "Criteriagids", "Guide des critères"]),
    ("nav_lcc", ["Life-cycle cost", "Levenscycluskosten", "Coût du cycle de vie"]),
    ("nav_api", ["API", "API", "API"]),
    ("nav_main", ["Main menu", "Hoofdmenu", "Menu principal"]),
    ("language", ["Language", "Taal", "Langue"]),
    ("skip", ["Skip to content", "Naar de inhoud", "Aller au contenu"]),
    ("footer", ["Figures from published EU notices (eForms, TED XML). Definitions: docs/INDICATORS.md.", "Cijfers uit gepubliceerde EU-aankondigingen (eForms, TED XML). Definities: docs/INDICATORS.md.", "Chiffres issus des avis européens publiés (eForms, TED XML). Définitions : docs/INDICATORS.md."]),
    // Errors
    ("error_bad_input", ["The request is not valid", "Het verzoek is ongeldig", "La demande n'est pas valable"]),
    ("error_not_found", ["Not found", "Niet gevonden", "Introuvable"]),
    ("error_unauthenticated", ["Please log in", "Meld u aan", "Veuillez vous connecter"]),
    ("error_forbidden", ["Not allowed", "Niet toegestaan", "Non autorisé"]),
    ("error_too_many", ["Too many attempts", "Te veel pogingen", "Trop de tentatives"]),
    ("error_unavailable", ["The database cannot be reached", "De databank is niet bereikbaar", "La base de données est injoignable"]),
    ("error_internal", ["Something went wrong in spp", "Er ging iets mis in spp", "Une erreur s'est produite dans spp"]),
    ("error_unavailable_hint", ["spp answers again by itself as soon as the database is back: try again in a moment.", "spp antwoordt vanzelf opnieuw zodra de databank terug is: probeer het zo meteen nog eens.", "spp répond de nouveau de lui-même dès que la base de données est de retour : réessayez dans un instant."]),
    ("error_detail", ["Details (in English)", "Details (in het Engels)", "Détails (en anglais)"]),
    ("back_home", ["Back to the dashboard", "Terug naar het dashboard", "Retour au tableau de bord"]),
    // Dashboard: filters
    ("dashboard_title", ["Monitoring of sustainable public procurement", "Monitoring van duurzame overheidsopdrachten", "Suivi des marchés publics durables"]),
    ("filters", ["Filters", "Filters", "Filtres"]),
    ("year_from", ["From year", "Vanaf jaar", "À partir de l'année"]),
    ("year_to", ["Up to year", "Tot en met jaar", "Jusqu'à l'année"]),
    ("country", ["Buyer country", "Land van de aankoper", "Pays de l'acheteur"]),
    ("nuts", ["NUTS region (code or prefix)", "NUTS-regio (code of begin)", "Région NUTS (code ou début)"]),
    ("buyer", ["Buyer", "Aankoper", "Acheteur"]),
    ("product_group", ["Product group", "Productgroep", "Groupe de produits"]),
    ("procedure_type", ["Procedure type", "Soort procedure", "Type de procédure"]),
    ("cpv_division", ["CPV division", "CPV-afdeling", "Division CPV"]),
    ("any", ["(any)", "(alle)", "(tous)"]),
    ("apply", ["Apply", "Toepassen", "Appliquer"]),
    ("reset", ["Clear filters", "Filters wissen", "Effacer les filtres"]),
    ("regions", ["Regions", "Gewesten", "Régions"]),
    ("region_BE", ["Belgium", "België", "Belgique"]),
    ("region_BE1", ["Brussels", "Brussel", "Bruxelles"]),
    ("region_BE2", ["Flanders", "Vlaanderen", "Flandre"]),
    ("region_BE3", ["Wallonia", "Wallonië", "Wallonie"]),
    ("active_filters", ["Shown", "Getoond", "Affiché"]),
    ("all_lots", ["all lots", "alle percelen", "tous les lots"]),
    // Dashboard: indicators
    ("indicators", ["Indicators", "Indicatoren", "Indicateurs"]),
    ("indicator", ["Indicator", "Indicator", "Indicateur"]),
    ("stage", ["Stage", "Fase", "Phase"]),
    ("variant", ["Measured in", "Gemeten in", "Mesuré en"]),
    ("numerator", ["Numerator", "Teller", "Numérateur"]),
    ("denominator", ["Denominator", "Noemer", "Dénominateur"]),
    ("share", ["Share", "Aandeel", "Part"]),
    ("coverage", ["Coverage", "Dekking", "Couverture"]),
    ("target", ["Target", "Doel", "Objectif"]),
    ("value_unknown", ["EUR value unknown", "EUR-waarde onbekend", "Valeur en EUR inconnue"]),
    ("stage_call", ["call", "oproep", "appel"]),
    ("stage_award", ["award", "gunning", "attribution"]),
    ("variant_count", ["count", "aantal", "nombre"]),
    ("variant_value", ["EUR", "EUR", "EUR"]),
    ("unit_lots", ["lots", "percelen", "lots"]),
    ("unit_EUR", ["EUR", "EUR", "EUR"]),
    ("unit_winners", ["winners", "winnaars", "attributaires"]),
    ("unit_tenders", ["tenders", "offertes", "offres"]),
    ("unit_procedures", ["procedures", "procedures", "procédures"]),
    ("unit_vehicles", ["vehicles", "voertuigen", "véhicules"]),
    ("split_eu", ["EU criteria", "EU-criteria", "critères UE"]),
    ("split_national", ["national criteria", "nationale criteria", "critères nationaux"]),
    ("split_other", ["other criteria", "andere criteria", "autres critères"]),
    ("split_bt06-reported", ["BT-06 reported", "BT-06 ingevuld", "BT-06 renseigné"]),
    ("split_framework-ceiling", ["framework ceilings (not spend)", "plafonds van raamovereenkomsten (geen uitgaven)", "plafonds d'accords-cadres (pas des dépenses)"]),
    ("ind_SPP-2", ["Declared strategic procurement", "Verklaarde strategische aankopen", "Achats stratégiques déclarés"]),
    ("ind_SPP-1", ["Sustainable by policy", "Duurzaam volgens het beleid", "Durable selon la politique"]),
    ("ind_GPP-1", ["Green procurement (declared)", "Groene aankopen (verklaard)", "Achats verts (déclarés)"]),
    ("ind_GPP-2", ["Green procurement with established criteria", "Groene aankopen met vastgestelde criteria", "Achats verts avec des critères établis"]),
    ("ind_SOC-1", ["Social procurement", "Sociale aankopen", "Achats sociaux"]),
    ("ind_INN-1", ["Innovative procurement (3 % norm)", "Innovatieve aankopen (3 %-norm)", "Achats innovants (norme de 3 %)"]),
    ("ind_CVD-1", ["Clean vehicles", "Schone voertuigen", "Véhicules propres"]),
    ("ind_SME-1", ["SME contractors", "Kmo-opdrachtnemers", "PME attributaires"]),
    ("ind_SME-2", ["SME tenders", "Offertes van kmo's", "Offres de PME"]),
    ("ind_SME-3", ["Procedures divided into lots", "Procedures verdeeld in percelen", "Procédures divisées en lots"]),
    ("ind_EPR-1", ["Electronic submission required", "Elektronische indiening verplicht", "Soumission électronique obligatoire"]),
    ("ind_CMP-1", ["Single bidder", "Eén inschrijver", "Soumissionnaire unique"]),
    ("ind_CMP-3", ["Price-only award", "Gunning op prijs alleen", "Attribution sur le seul prix"]),
    ("ind_SPD-1", ["Spend", "Uitgaven", "Dépenses"]),
    ("facts", ["The figures cover", "De cijfers omvatten", "Les chiffres portent sur"]),
    ("notices", ["notices", "aankondigingen", "avis"]),
    ("lots", ["lots", "percelen", "lots"]),
    ("result_notices", ["result notices", "gunningsaankondigingen", "avis d'attribution"]),
    ("winners", ["winners", "winnaars", "attributaires"]),
    ("no_data", ["No lots match these filters.", "Geen percelen voor deze filters.", "Aucun lot ne correspond à ces filtres."]),
    // Dashboard: charts and tables
    ("trend", ["Trend by year against the targets", "Evolutie per jaar tegenover de doelen", "Évolution par année par rapport aux objectifs"]),
    ("trend_spp", ["Declared strategic procurement (award, lots) — target 100 %", "Verklaarde strategische aankopen (gunning, percelen) — doel 100 %", "Achats stratégiques déclarés (attribution, lots) — objectif 100 %"]),
    ("trend_inn", ["Innovative procurement (award, EUR) — norm 3 %", "Innovatieve aankopen (gunning, EUR) — norm 3 %", "Achats innovants (attribution, EUR) — norme 3 %"]),
    ("chart_n", ["n = lots in the denominator", "n = percelen in de noemer", "n = lots au dénominateur"]),
    ("chart_n_eur", ["n = EUR in the denominator", "n = EUR in de noemer", "n = EUR au dénominateur"]),
    ("year", ["Year", "Jaar", "Année"]),
    ("lots_by_year_format", ["Lots by year and source format", "Percelen per jaar en bronformaat", "Lots par année et format source"]),
    ("format_eforms", ["eForms", "eForms", "eForms"]),
    ("format_ted-xml", ["TED XML", "TED XML", "TED XML"]),
    ("format_register", ["register", "register", "registre"]),
    ("total", ["Total", "Totaal", "Total"]),
    ("implausible", ["Implausible values (listed, left out)", "Onwaarschijnlijke waarden (getoond, weggelaten)", "Valeurs invraisemblables (listées, écartées)"]),
    ("implausible_first", ["Listed here: the first", "Hier getoond: de eerste", "Affichées ici : les premières"]),
    ("implausible_all", ["all of them in the JSON report", "alle in het JSON-rapport", "toutes dans le rapport JSON"]),
    ("implausible_none", ["No value fails the plausibility checks.", "Geen enkele waarde faalt op de plausibiliteitscontroles.", "Aucune valeur n'échoue aux contrôles de vraisemblance."]),
    ("implausible_included", ["counted all the same", "toch meegeteld", "comptée quand même"]),
    ("implausible_left_out", ["left out", "weggelaten", "écartée"]),
    ("notice", ["Notice", "Aankondiging", "Avis"]),
    ("version", ["Version", "Versie", "Version"]),
    ("lot", ["Lot", "Perceel", "Lot"]),
    ("field", ["Field", "Veld", "Champ"]),
    ("value", ["Value", "Waarde", "Valeur"]),
    ("rule", ["Rule", "Regel", "Règle"]),
    ("rule_P-1", ["above EUR 10 billion for one lot", "meer dan 10 miljard EUR voor één perceel", "plus de 10 milliards EUR pour un lot"]),
    ("rule_P-2", ["more than 100 times the lot's estimate", "meer dan 100 keer de raming van het perceel", "plus de 100 fois l'estimation du lot"]),
    ("rule_P-3", ["more than 10,000 vehicles in one lot", "meer dan 10.000 voertuigen in één perceel", "plus de 10 000 véhicules dans un lot"]),
    ("rule_P-4", ["the same vehicle count repeated in several lots", "hetzelfde aantal voertuigen herhaald in meerdere percelen", "le même nombre de véhicules répété dans plusieurs lots"]),
    ("rule_P-5", ["a framework's total repeated in its lots", "het totaal van een raamovereenkomst herhaald in de percelen", "le total d'un accord-cadre répété dans ses lots"]),
    ("cpv_divisions", ["CPV divisions", "CPV-afdelingen", "Divisions CPV"]),
    ("division", ["Division", "Afdeling", "Division"]),
    ("name", ["Name", "Naam", "Nom"]),
    ("unknown", ["(unknown)", "(onbekend)", "(inconnu)"]),
    ("show_lots", ["lots behind this figure", "percelen achter dit cijfer", "lots derrière ce chiffre"]),
    // Lots behind a figure
    ("figure_lots", ["Lots behind a figure", "Percelen achter een cijfer", "Lots derrière un chiffre"]),
    ("in_numerator", ["In the numerator", "In de teller", "Au numérateur"]),
    ("in_denominator_only", ["In the denominator only", "Alleen in de noemer", "Au dénominateur seulement"]),
    ("why", ["Why", "Waarom", "Pourquoi"]),
    ("more_lots", ["more lots not shown", "percelen meer, niet getoond", "lots de plus, non affichés"]),
    // Explorer
    ("explorer_title", ["Notices and lots", "Aankondigingen en percelen", "Avis et lots"]),
    ("search", ["Search", "Zoeken", "Rechercher"]),
    ("search_label", ["TED publication number, notice id, buyer or CPV code", "TED-publicatienummer, aankondigings-id, aankoper of CPV-code", "Numéro de publication TED, identifiant d'avis, acheteur ou code CPV"]),
    ("search_hint", ["e.g. 00481682-2024, Stad Gent, 30213100", "bv. 00481682-2024, Stad Gent, 30213100", "p. ex. 00481682-2024, Ville de Liège, 30213100"]),
    ("results", ["results", "resultaten", "résultats"]),
    ("no_results", ["Nothing found.", "Niets gevonden.", "Rien trouvé."]),
    ("publication_number", ["TED publication number", "TED-publicatienummer", "Numéro de publication TED"]),
    ("notice_id", ["Notice id", "Aankondigings-id", "Identifiant de l'avis"]),
    ("form_type", ["Form type", "Soort formulier", "Type de formulaire"]),
    ("issue_date", ["Dispatch date", "Verzenddatum", "Date d'envoi"]),
    ("award_date", ["Award date", "Gunningsdatum", "Date d'attribution"]),
    ("main_cpv", ["Main CPV", "Hoofd-CPV", "CPV principal"]),
    ("source_format", ["Source format", "Bronformaat", "Format source"]),
    ("flags", ["Classification flags and their evidence", "Classificatievlaggen en hun bewijs", "Indicateurs de classification et leurs preuves"]),
    ("flag", ["Flag", "Vlag", "Indicateur"]),
    ("evidence", ["Evidence", "Bewijs", "Preuve"]),
    ("no_flags", ["No flag.", "Geen vlag.", "Aucun indicateur."]),
    ("findings", ["How this lot counts in each indicator", "Hoe dit perceel meetelt in elke indicator", "Comment ce lot compte dans chaque indicateur"]),
    ("original_fields", ["Fields as published", "Velden zoals gepubliceerd", "Champs tels que publiés"]),
    ("yes", ["yes", "ja", "oui"]),
    ("no", ["no", "nee", "non"]),
    ("not_reported", ["not reported", "niet ingevuld", "non renseigné"]),
    ("lots_of_notice", ["Lots of this notice", "Percelen van deze aankondiging", "Lots de cet avis"]),
    ("no_lots", ["This notice has no lots.", "Deze aankondiging heeft geen percelen.", "Cet avis n'a pas de lots."]),
    ("procedure_id", ["Procedure id", "Procedure-id", "Identifiant de la procédure"]),
    ("estimated_value", ["Estimated value", "Geraamde waarde", "Valeur estimée"]),
    ("awarded_value", ["Awarded value", "Gegunde waarde", "Valeur attribuée"]),
    ("framework_ceiling", ["Framework ceiling", "Plafond van de raamovereenkomst", "Plafond de l'accord-cadre"]),
    ("tenders_received", ["Tenders received", "Ontvangen offertes", "Offres reçues"]),
    ("sme_tenders", ["Tenders from SMEs", "Offertes van kmo's", "Offres de PME"]),
    ("strategic", ["Strategic procurement (BT-06)", "Strategische aankoop (BT-06)", "Marché stratégique (BT-06)"]),
    ("environmental", ["Environmental impact (BT-774)", "Milieueffect (BT-774)", "Incidence environnementale (BT-774)"]),
    ("social", ["Social objective (BT-775)", "Sociale doelstelling (BT-775)", "Objectif social (BT-775)"]),
    ("innovative", ["Innovative acquisition (BT-776)", "Innovatieve aankoop (BT-776)", "Acquisition innovante (BT-776)"]),
    ("gpp_criteria", ["Green criteria (BT-805)", "Groene criteria (BT-805)", "Critères verts (BT-805)"]),
    ("reserved", ["Reserved (BT-71)", "Voorbehouden (BT-71)", "Réservé (BT-71)"]),
    ("esubmission", ["Electronic submission (BT-17)", "Elektronische indiening (BT-17)", "Soumission électronique (BT-17)"]),
    ("award_criteria", ["Award criteria (BT-539)", "Gunningscriteria (BT-539)", "Critères d'attribution (BT-539)"]),
    ("framework", ["Framework agreement (BT-765)", "Raamovereenkomst (BT-765)", "Accord-cadre (BT-765)"]),
    ("cvd_applies", ["Clean Vehicles Directive applies (BT-717)", "Richtlijn schone voertuigen van toepassing (BT-717)", "Directive sur les véhicules propres applicable (BT-717)"]),
    ("vehicles", ["Vehicles: total / clean / zero-emission", "Voertuigen: totaal / schoon / emissievrij", "Véhicules : total / propres / à émission nulle"]),
    ("winner_list", ["Winners (size)", "Winnaars (grootte)", "Attributaires (taille)"]),
    ("contract_nature", ["Contract nature", "Aard van de opdracht", "Nature du marché"]),
    ("buyer_legal_type", ["Buyer legal type", "Rechtsvorm van de aankoper", "Forme juridique de l'acheteur"]),
    ("open_on_ted", ["Open on TED", "Openen op TED", "Ouvrir sur TED"]),
    ("flag_green", ["green", "groen", "vert"]),
    ("flag_social", ["social", "sociaal", "social"]),
    ("flag_innovative", ["innovative", "innovatief", "innovant"]),
    ("flag_circular", ["circular", "circulair", "circulaire"]),
    ("flag_clean_vehicle", ["clean vehicle", "schoon voertuig", "véhicule propre"]),
    ("flag_life_cycle_cost", ["life-cycle cost", "levenscycluskosten", "coût du cycle de vie"]),
    ("withheld", ["withheld", "niet bekendgemaakt", "non divulguée"]),
    ("search_kind_publication_number", ["publication number", "publicatienummer", "numéro de publication"]),
    ("search_kind_cpv", ["CPV code", "CPV-code", "code CPV"]),
    ("search_kind_text", ["notice id or buyer", "aankondigings-id of aankoper", "identifiant d'avis ou acheteur"]),
    ("searched_for", ["Searched for", "Gezocht naar", "Recherché"]),
    // Guide
    ("guide_title", ["Criteria guide for sustainable procurement", "Criteriagids voor duurzaam aankopen", "Guide des critères pour des achats durables"]),
    ("groups", ["Product groups", "Productgroepen", "Groupes de produits"]),
    ("criteria", ["Criteria", "Criteria", "Critères"]),
    ("cpv_codes", ["CPV codes", "CPV-codes", "Codes CPV"]),
    ("eu_gpp_set", ["EU GPP criteria set", "EU-criteriaset voor GPP", "Ensemble de critères MPV de l'UE"]),
    ("cpv_search", ["Find the product group of a CPV code", "Zoek de productgroep van een CPV-code", "Trouver le groupe de produits d'un code CPV"]),
    ("cpv_code", ["CPV code (8 digits, optionally with check digit: 30213100-6)", "CPV-code (8 cijfers, eventueel met controlecijfer: 30213100-6)", "Code CPV (8 chiffres, avec chiffre de contrôle éventuel : 30213100-6)"]),
    ("find", ["Find", "Zoeken", "Chercher"]),
    ("labels", ["Labels", "Labels", "Labels"]),
    ("issuer", ["Issuer", "Uitgever", "Émetteur"]),
    ("covers", ["Covers", "Omvat", "Couvre"]),
    ("label_kind", ["Kind", "Soort", "Type"]),
    ("level", ["Ambition level", "Ambitieniveau", "Niveau d'ambition"]),
    ("level_1", ["1 — core", "1 — basis", "1 — de base"]),
    ("level_2", ["2 — comprehensive", "2 — uitgebreid", "2 — complet"]),
    ("level_3", ["3 — ambitious", "3 — ambitieus", "3 — ambitieux"]),
    ("up_to_level", ["Criteria up to level", "Criteria tot en met niveau", "Critères jusqu'au niveau"]),
    ("show", ["Show", "Tonen", "Afficher"]),
    ("themes", ["Themes", "Thema's", "Thèmes"]),
    ("theme_climate", ["climate", "klimaat", "climat"]),
    ("theme_circularity", ["circularity", "circulariteit", "circularité"]),
    ("theme_toxics", ["toxic substances", "schadelijke stoffen", "substances toxiques"]),
    ("theme_energy", ["energy", "energie", "énergie"]),
    ("theme_social", ["social", "sociaal", "social"]),
    ("theme_innovation", ["innovation", "innovatie", "innovation"]),
    ("essential", ["essential", "essentieel", "essentiel"]),
    ("verification", ["Verification", "Verificatie", "Vérification"]),
    ("print", ["Print", "Afdrukken", "Imprimer"]),
    ("download_fiche", ["Download the fiche (Markdown)", "Fiche downloaden (Markdown)", "Télécharger la fiche (Markdown)"]),
    ("found_by_cpv", ["Found by CPV code", "Gevonden via CPV-code", "Trouvé par le code CPV"]),
    ("kind_iso14024_type_i", ["ISO 14024 type I ecolabel", "ISO 14024 type I-milieukeur", "écolabel ISO 14024 de type I"]),
    ("kind_single_issue", ["single-issue label", "label voor één aspect", "label monocritère"]),
    ("kind_social", ["social label", "sociaal label", "label social"]),
    ("kind_energy", ["energy label", "energielabel", "label énergétique"]),
    ("kind_management_system", ["management system", "managementsysteem", "système de management"]),
    ("kind_registry", ["registry", "register", "registre"]),
    ("kind_other", ["other", "ander", "autre"]),
    // LCC
    ("lcc_title", ["Life-cycle cost calculator", "Levenscycluskosten berekenen", "Calcul du coût du cycle de vie"]),
    ("lcc_intro", ["Compare 2 to 6 offers on their total cost over the study period: purchase, energy, maintenance, end of life, and the CO2 they emit at a price you set. Same engine as spp lcc (docs/LCC.md).", "Vergelijk 2 tot 6 offertes op hun totale kosten over de studieperiode: aankoop, energie, onderhoud, einde levensduur, en de CO2 die ze uitstoten tegen een prijs die u kiest. Dezelfde rekenmotor als spp lcc (docs/LCC.md).", "Comparez 2 à 6 offres sur leur coût total pendant la période d'étude : achat, énergie, entretien, fin de vie, et le CO2 émis à un prix que vous fixez. Même moteur que spp lcc (docs/LCC.md)."]),
    ("settings", ["Settings", "Instellingen", "Paramètres"]),
    ("eval_title", ["Title", "Titel", "Titre"]),
    ("study_years", ["Study period (years)", "Studieperiode (jaren)", "Période d'étude (années)"]),
    ("discount_rate", ["Discount rate (% per year, real)", "Discontovoet (% per jaar, reëel)", "Taux d'actualisation (% par an, réel)"]),
    ("co2_price", ["CO2 price (EUR per tonne)", "CO2-prijs (EUR per ton)", "Prix du CO2 (EUR par tonne)"]),
    ("energy_unit", ["Energy unit (kWh, l…)", "Energie-eenheid (kWh, l…)", "Unité d'énergie (kWh, l…)"]),
    ("energy_price", ["Energy price (EUR per unit)", "Energieprijs (EUR per eenheid)", "Prix de l'énergie (EUR par unité)"]),
    ("co2_per_unit", ["CO2 per energy unit (kg)", "CO2 per energie-eenheid (kg)", "CO2 par unité d'énergie (kg)"]),
    ("offers_count", ["Number of offers", "Aantal offertes", "Nombre d'offres"]),
    ("offer", ["Offer", "Offerte", "Offre"]),
    ("offer_name", ["Name", "Naam", "Nom"]),
    ("purchase_price", ["Purchase price (EUR)", "Aankoopprijs (EUR)", "Prix d'achat (EUR)"]),
    ("energy_per_year", ["Energy use per year (units)", "Energieverbruik per jaar (eenheden)", "Consommation d'énergie par an (unités)"]),
    ("maintenance_per_year", ["Maintenance per year (EUR)", "Onderhoud per jaar (EUR)", "Entretien par an (EUR)"]),
    ("disposal_cost", ["End of life: disposal cost (EUR)", "Einde levensduur: verwijderingskosten (EUR)", "Fin de vie : coût d'élimination (EUR)"]),
    ("residual_share", ["End of life: residual value (% of price)", "Einde levensduur: restwaarde (% van de prijs)", "Fin de vie : valeur résiduelle (% du prix)"]),
    ("calculate", ["Calculate", "Berekenen", "Calculer"]),
    ("download_toml", ["Download as TOML", "Downloaden als TOML", "Télécharger en TOML"]),
    ("upload_toml", ["Upload an evaluation (TOML)", "Een evaluatie opladen (TOML)", "Charger une évaluation (TOML)"]),
    ("upload", ["Upload and calculate", "Opladen en berekenen", "Charger et calculer"]),
    ("preset_vehicle", ["Clean Vehicles preset (two vans, diesel vs electric)", "Voorinstelling schone voertuigen (twee bestelwagens, diesel tegen elektrisch)", "Préréglage véhicules propres (deux camionnettes, diesel contre électrique)"]),
    ("preset_blank", ["Start from blank offers", "Beginnen met lege offertes", "Commencer avec des offres vides"]),
    ("energy_escalation", ["Energy price change (% per year, real)", "Wijziging energieprijs (% per jaar, reëel)", "Évolution du prix de l'énergie (% par an, réel)"]),
    ("km_per_year", ["Kilometres per year (vehicles)", "Kilometer per jaar (voertuigen)", "Kilomètres par an (véhicules)"]),
    ("energy_per_km", ["Energy use per km (units, vehicles)", "Energieverbruik per km (eenheden, voertuigen)", "Consommation d'énergie par km (unités, véhicules)"]),
    ("vehicle_category", ["Vehicle category (CVD)", "Voertuigcategorie (CVD)", "Catégorie de véhicule (CVD)"]),
    ("none", ["(none)", "(geen)", "(aucune)"]),
    ("result", ["Result", "Resultaat", "Résultat"]),
    ("acquisition", ["Purchase", "Aankoop", "Achat"]),
    ("energy", ["Energy", "Energie", "Énergie"]),
    ("maintenance", ["Maintenance", "Onderhoud", "Entretien"]),
    ("end_of_life", ["End of life", "Einde levensduur", "Fin de vie"]),
    ("externalities", ["CO2 and other emissions", "CO2 en andere emissies", "CO2 et autres émissions"]),
    ("other_costs", ["Other costs", "Andere kosten", "Autres coûts"]),
    ("internal_lcc", ["Life-cycle cost", "Levenscycluskosten", "Coût du cycle de vie"]),
    ("societal_lcc", ["With emissions", "Met emissies", "Avec émissions"]),
    ("rank", ["Rank", "Rang", "Rang"]),
    ("points", ["Points", "Punten", "Points"]),
    ("chart_lcc", ["Present value of the costs per offer (EUR)", "Contante waarde van de kosten per offerte (EUR)", "Valeur actuelle des coûts par offre (EUR)"]),
    ("the_form", ["the form", "het formulier", "le formulaire"]),
];

fn table() -> &'static HashMap<&'static str, [&'static str; 3]> {
    static TABLE: OnceLock<HashMap<&'static str, [&'static str; 3]>> = OnceLock::new();
    TABLE.get_or_init(|| all().map(|(k, v)| (*k, *v)).collect())
}

/// Every text: the pages' and the register's.
fn all() -> impl Iterator<Item = &'static (&'static str, [&'static str; 3])> {
    TEXTS.iter().chain(super::texts_register::TEXTS)
}

/// What a missing text shows as (the page tests look for it).
pub const MISSING: &str = "[?]";

/// The text of `key` in `lang`; an unknown key shows as [`MISSING`].
pub fn get(lang: Lang, key: &str) -> &'static str {
    match table().get(key) {
        Some(t) => match lang {
            Lang::En => t[0],
            Lang::Nl => t[1],
            Lang::Fr => t[2],
        },
        None => {
            tracing::warn!("no UI text for key {key:?}");
            MISSING
        }
    }
}

/// The English UI texts that differ from both translations (what must not appear on a Dutch
/// or French page).
pub fn english_only() -> Vec<&'static str> {
    all()
        .filter(|(_, [en, nl, fr])| en != nl && en != fr)
        .map(|(_, [en, _, _])| *en)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_every_text_is_there() {
        assert_eq!(table().len(), all().count(), "a key is repeated");
        for (key, texts) in all() {
            assert!(texts.iter().all(|t| !t.trim().is_empty()), "{key}");
        }
        assert_eq!(get(Lang::Nl, "nav_guide"), "Criteriagids");
    }
}
