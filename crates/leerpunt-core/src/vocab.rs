//! The controlled vocabularies (themes, techniques) every practice is tagged with, with bilingual labels.
//!
//! They are code, not data, because validation, filters and the API all depend on the keys being stable.

/// Whether a theme is one of the Data Agenda's action lines or a policy domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ThemeGroup {
    /// One of the five action lines of the Data Agenda Government.
    Agenda,
    /// A policy domain (the societal challenge a practice addresses).
    Domain,
}

/// A theme with its stable key and labels in both languages.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct ThemeDef {
    pub key: &'static str,
    pub group: ThemeGroup,
    pub nl: &'static str,
    pub en: &'static str,
    pub description_nl: &'static str,
    pub description_en: &'static str,
}

macro_rules! theme {
    ($key:literal, $group:ident, $nl:literal, $en:literal, $dnl:literal, $den:literal) => {
        ThemeDef {
            key: $key,
            group: ThemeGroup::$group,
            nl: $nl,
            en: $en,
            description_nl: $dnl,
            description_en: $den,
        }
    };
}

/// All themes, agenda action lines first.
pub const THEMES: &[ThemeDef] = &[
    theme!("maatschappelijke-opgaven", Agenda, "Datagedreven werken aan maatschappelijke opgaven", "Data-driven work on societal challenges",
        "Data inzetten om concrete maatschappelijke vraagstukken beter en sneller aan te pakken.",
        "Using data to tackle concrete societal challenges better and faster."),
    theme!("publieke-waarden", Agenda, "Publieke waarden en grondrechten", "Public values and fundamental rights",
        "Transparantie, non-discriminatie, privacy en verantwoording bij het gebruik van data en algoritmen.",
        "Transparency, non-discrimination, privacy and accountability in the use of data and algorithms."),
    theme!("datakwaliteit", Agenda, "Datakwaliteit en databeheer", "Data quality and data management",
        "Betrouwbare, vindbare en goed beheerde data als basis voor beleid en uitvoering.",
        "Reliable, findable and well-managed data as the basis for policy and operations."),
    theme!("mensen-en-organisatie", Agenda, "Mensen, vaardigheden en organisatie", "People, skills and organisation",
        "Investeren in kennis, cultuur en capaciteit om datagedreven te werken.",
        "Investing in knowledge, culture and capacity to work in a data-driven way."),
    theme!("open-data-en-samenwerking", Agenda, "Open data en samenwerking", "Open data and collaboration",
        "Data delen en openbaar maken, en samenwerken over organisatiegrenzen heen.",
        "Sharing and opening up data, and working together across organisational boundaries."),
    theme!("armoede-en-schulden", Domain, "Armoede en schulden", "Poverty and debt",
        "Vroegsignalering van schulden, bestaanszekerheid en ondersteuning van huishoudens.",
        "Early signalling of debt, income security and support for households."),
    theme!("energietransitie", Domain, "Energietransitie", "Energy transition",
        "Verduurzaming van woningen, warmtetransitie en duurzame energieopwekking.",
        "Making homes sustainable, the heat transition and renewable energy generation."),
    theme!("ondermijning", Domain, "Ondermijning", "Undermining crime",
        "Het signaleren en tegengaan van de verwevenheid van onder- en bovenwereld.",
        "Detecting and countering the entanglement of organised crime and the legitimate economy."),
    theme!("mest-en-landbouw", Domain, "Mest en landbouw", "Manure and agriculture",
        "Mestbeleid, stikstof, landbouw en natuur.",
        "Manure policy, nitrogen, agriculture and nature."),
    theme!("infrastructuur", Domain, "Infrastructuur", "Infrastructure",
        "Wegen, bruggen, vaarwegen en het onderhoud daarvan.",
        "Roads, bridges, waterways and their maintenance."),
    theme!("mobiliteit", Domain, "Mobiliteit en verkeer", "Mobility and traffic",
        "Verkeersveiligheid, doorstroming en openbaar vervoer.",
        "Road safety, traffic flow and public transport."),
    theme!("wonen", Domain, "Wonen en ruimte", "Housing and spatial planning",
        "Woningbouw, leefbaarheid en de fysieke leefomgeving.",
        "Housing, liveability and the physical living environment."),
    theme!("klimaat-en-water", Domain, "Klimaat en water", "Climate and water",
        "Waterveiligheid, waterkwaliteit, droogte en klimaatadaptatie.",
        "Flood safety, water quality, drought and climate adaptation."),
    theme!("zorg-en-welzijn", Domain, "Zorg en welzijn", "Care and welfare",
        "Jeugdzorg, Wmo, gezondheid en sociaal domein.",
        "Youth care, social support, health and the social domain."),
    theme!("werk-en-inkomen", Domain, "Werk en inkomen", "Work and income",
        "Participatie, uitkeringen en arbeidsmarkt.",
        "Participation, benefits and the labour market."),
    theme!("veiligheid", Domain, "Openbare orde en veiligheid", "Public order and safety",
        "Crisisbeheersing, brandweer, handhaving en openbare orde.",
        "Crisis management, fire services, enforcement and public order."),
    theme!("belastingen-en-toezicht", Domain, "Belastingen, toeslagen en toezicht", "Taxes, benefits and supervision",
        "Heffing, inning, toeslagen, inspectie en toezicht.",
        "Levying and collecting taxes, allowances, inspection and supervision."),
    theme!("dienstverlening", Domain, "Dienstverlening", "Public services",
        "Contact met inwoners en ondernemers, vergunningen en klantcontact.",
        "Contact with residents and businesses, permits and customer service."),
    theme!("milieu", Domain, "Milieu en omgeving", "Environment",
        "Lucht, bodem, geluid, afval en vergunningverlening voor de omgeving.",
        "Air, soil, noise, waste and environmental permits."),
];

/// A technique tag with bilingual labels.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct TechniqueDef {
    pub key: &'static str,
    pub nl: &'static str,
    pub en: &'static str,
}

macro_rules! technique {
    ($key:literal, $nl:literal, $en:literal) => {
        TechniqueDef {
            key: $key,
            nl: $nl,
            en: $en,
        }
    };
}

/// All technique tags.
pub const TECHNIQUES: &[TechniqueDef] = &[
    technique!(
        "dashboard",
        "Dashboard en visualisatie",
        "Dashboard and visualisation"
    ),
    technique!("statistics", "Statistische analyse", "Statistical analysis"),
    technique!("machine-learning", "Machine learning", "Machine learning"),
    technique!("predictive-model", "Voorspellend model", "Predictive model"),
    technique!("rules-based", "Regelgebaseerd systeem", "Rule-based system"),
    technique!("record-linkage", "Koppelen van bestanden", "Record linkage"),
    technique!(
        "geo-analysis",
        "Geografische analyse",
        "Geospatial analysis"
    ),
    technique!("nlp", "Tekstanalyse (NLP)", "Text analysis (NLP)"),
    technique!("computer-vision", "Beeldherkenning", "Computer vision"),
    technique!("sensor-data", "Sensordata en IoT", "Sensor data and IoT"),
    technique!(
        "remote-sensing",
        "Satelliet- en luchtbeelden",
        "Satellite and aerial imagery"
    ),
    technique!("open-data", "Open data", "Open data"),
    technique!(
        "data-quality",
        "Datakwaliteitscontrole",
        "Data quality checks"
    ),
    technique!(
        "privacy-enhancing",
        "Privacyverhogende technieken",
        "Privacy-enhancing technologies"
    ),
    technique!(
        "simulation",
        "Simulatie en scenario's",
        "Simulation and scenarios"
    ),
    technique!(
        "chatbot",
        "Chatbot en generatieve AI",
        "Chatbot and generative AI"
    ),
];

/// Looks a theme up by key.
pub fn theme(key: &str) -> Option<&'static ThemeDef> {
    THEMES.iter().find(|t| t.key == key)
}

/// Looks a technique up by key.
pub fn technique(key: &str) -> Option<&'static TechniqueDef> {
    TECHNIQUES.iter().find(|t| t.key == key)
}
