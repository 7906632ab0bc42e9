//! Lifecycle rules: typed expiration, transitions between storage classes, noncurrent versions
//! and aborting incomplete multipart uploads, checked for what S3 refuses.

use indexmap::IndexMap;
use stackwright_cfn::s3::bucket as cfn;

/// The storage classes objects can move to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageClass {
    /// `STANDARD_IA`: infrequent access (at least 30 days after creation).
    InfrequentAccess,
    /// `ONEZONE_IA`: infrequent access in one zone (at least 30 days after creation).
    OneZoneInfrequentAccess,
    /// `GLACIER`: Glacier Flexible Retrieval.
    Glacier,
    /// `GLACIER_IR`: Glacier Instant Retrieval.
    GlacierInstantRetrieval,
    /// `DEEP_ARCHIVE`: Glacier Deep Archive.
    DeepArchive,
    /// `INTELLIGENT_TIERING`.
    IntelligentTiering,
}

impl StorageClass {
    /// The name S3 uses, e.g. `STANDARD_IA`.
    pub fn as_str(self) -> &'static str {
        match self {
            StorageClass::InfrequentAccess => "STANDARD_IA",
            StorageClass::OneZoneInfrequentAccess => "ONEZONE_IA",
            StorageClass::Glacier => "GLACIER",
            StorageClass::GlacierInstantRetrieval => "GLACIER_IR",
            StorageClass::DeepArchive => "DEEP_ARCHIVE",
            StorageClass::IntelligentTiering => "INTELLIGENT_TIERING",
        }
    }

    /// The fewest days after which S3 accepts a transition to this class.
    fn minimum_days(self) -> u32 {
        match self {
            StorageClass::InfrequentAccess | StorageClass::OneZoneInfrequentAccess => 30,
            _ => 0,
        }
    }
}

/// When a transition happens.
#[derive(Debug, Clone, PartialEq, Eq)]
enum When {
    AfterDays(u32),
    OnDate(String),
}

/// A move of current object versions to another storage class, after some days or on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    storage_class: StorageClass,
    when: When,
}

impl Transition {
    /// Moves objects to `storage_class` `days` days after their creation.
    pub fn after_days(storage_class: StorageClass, days: u32) -> Self {
        Transition {
            storage_class,
            when: When::AfterDays(days),
        }
    }

    /// Moves objects to `storage_class` on a date (`YYYY-MM-DD`, midnight UTC).
    pub fn on_date(storage_class: StorageClass, date: impl Into<String>) -> Self {
        Transition {
            storage_class,
            when: When::OnDate(date.into()),
        }
    }
}

/// A move of noncurrent object versions to another storage class.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct NoncurrentVersionTransition {
    storage_class: StorageClass,
    days: u32,
    versions_to_retain: Option<u32>,
}

impl NoncurrentVersionTransition {
    /// Moves versions to `storage_class` `days` days after they become noncurrent.
    pub fn new(storage_class: StorageClass, days: u32) -> Self {
        NoncurrentVersionTransition {
            storage_class,
            days,
            versions_to_retain: None,
        }
    }

    /// Keeps this many of the newest noncurrent versions where they are (1 to 100).
    pub fn noncurrent_versions_to_retain(mut self, versions: u32) -> Self {
        self.versions_to_retain = Some(versions);
        self
    }
}

/// One lifecycle rule of a bucket: a filter (prefix, tags, object sizes) and at least one action.
///
/// ```
/// use stackwright_aws::s3::{LifecycleRule, StorageClass, Transition};
/// let rule = LifecycleRule::new()
///     .id("archive")
///     .transition(Transition::after_days(StorageClass::Glacier, 365))
///     .expiration_days(2555)
///     .noncurrent_version_expiration_days(90);
/// # let _ = rule;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct LifecycleRule {
    id: Option<String>,
    enabled: bool,
    prefix: Option<String>,
    tag_filters: IndexMap<String, String>,
    object_size_greater_than: Option<u64>,
    object_size_less_than: Option<u64>,
    expiration_days: Option<u32>,
    expiration_date: Option<String>,
    expired_object_delete_marker: bool,
    transitions: Vec<Transition>,
    noncurrent_version_expiration_days: Option<u32>,
    noncurrent_versions_to_retain: Option<u32>,
    noncurrent_version_transitions: Vec<NoncurrentVersionTransition>,
    abort_incomplete_multipart_upload_days: Option<u32>,
}

impl Default for LifecycleRule {
    fn default() -> Self {
        LifecycleRule {
            id: None,
            enabled: true,
            prefix: None,
            tag_filters: IndexMap::new(),
            object_size_greater_than: None,
            object_size_less_than: None,
            expiration_days: None,
            expiration_date: None,
            expired_object_delete_marker: false,
            transitions: Vec::new(),
            noncurrent_version_expiration_days: None,
            noncurrent_versions_to_retain: None,
            noncurrent_version_transitions: Vec::new(),
            abort_incomplete_multipart_upload_days: None,
        }
    }
}

impl LifecycleRule {
    /// An enabled rule over every object, with no action yet (give it at least one).
    pub fn new() -> Self {
        Self::default()
    }

    /// A unique id (up to 255 characters).
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Whether the rule applies (default: enabled).
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }

    /// Applies only to keys starting with `prefix`.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into());
        self
    }

    /// Applies only to objects with this tag (all tags given must match).
    pub fn tag_filter(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tag_filters.insert(key.into(), value.into());
        self
    }

    /// Applies only to objects larger than `bytes`.
    pub fn object_size_greater_than(mut self, bytes: u64) -> Self {
        self.object_size_greater_than = Some(bytes);
        self
    }

    /// Applies only to objects smaller than `bytes`.
    pub fn object_size_less_than(mut self, bytes: u64) -> Self {
        self.object_size_less_than = Some(bytes);
        self
    }

    /// Deletes objects `days` days after their creation (versioned buckets: makes them
    /// noncurrent).
    pub fn expiration_days(mut self, days: u32) -> Self {
        self.expiration_days = Some(days);
        self
    }

    /// Deletes objects on a date (`YYYY-MM-DD`, midnight UTC).
    pub fn expiration_date(mut self, date: impl Into<String>) -> Self {
        self.expiration_date = Some(date.into());
        self
    }

    /// Removes delete markers that have no noncurrent version left (versioned buckets).
    pub fn expired_object_delete_marker(mut self, on: bool) -> Self {
        self.expired_object_delete_marker = on;
        self
    }

    /// Adds a transition of current versions to another storage class.
    pub fn transition(mut self, transition: Transition) -> Self {
        self.transitions.push(transition);
        self
    }

    /// Deletes versions `days` days after they become noncurrent.
    pub fn noncurrent_version_expiration_days(mut self, days: u32) -> Self {
        self.noncurrent_version_expiration_days = Some(days);
        self
    }

    /// Keeps this many of the newest noncurrent versions from expiring (1 to 100; needs
    /// [`noncurrent_version_expiration_days`](Self::noncurrent_version_expiration_days)).
    pub fn noncurrent_versions_to_retain(mut self, versions: u32) -> Self {
        self.noncurrent_versions_to_retain = Some(versions);
        self
    }

    /// Adds a transition of noncurrent versions to another storage class.
    pub fn noncurrent_version_transition(
        mut self,
        transition: NoncurrentVersionTransition,
    ) -> Self {
        self.noncurrent_version_transitions.push(transition);
        self
    }

    /// Aborts multipart uploads still incomplete `days` days after they started.
    pub fn abort_incomplete_multipart_upload_days(mut self, days: u32) -> Self {
        self.abort_incomplete_multipart_upload_days = Some(days);
        self
    }

    /// The rule's id, if given.
    pub(crate) fn rule_id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// What S3 would refuse in this rule, each message saying what is allowed.
    pub(crate) fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut problem = |message: String| problems.push(message);
        let has_action = self.abort_incomplete_multipart_upload_days.is_some()
            || self.expiration_days.is_some()
            || self.expiration_date.is_some()
            || self.expired_object_delete_marker
            || self.noncurrent_version_expiration_days.is_some()
            || !self.noncurrent_version_transitions.is_empty()
            || !self.transitions.is_empty();
        if !has_action {
            problem(
                "has no action: give it an expiration, a transition, a noncurrent-version \
                 expiration or transition, expired-object-delete-marker or an abort of \
                 incomplete multipart uploads"
                    .into(),
            );
        }
        if let Some(id) = &self.id {
            if id.is_empty() || id.chars().count() > 255 {
                problem("must have an id of 1 to 255 characters".into());
            }
        }
        if self.prefix.as_ref().is_some_and(|p| p.len() > 1024) {
            problem("has a prefix longer than 1,024 bytes".into());
        }
        if self.expiration_days.is_some() && self.expiration_date.is_some() {
            problem("cannot expire objects both after days and on a date".into());
        }
        if self.expired_object_delete_marker
            && (self.expiration_days.is_some()
                || self.expiration_date.is_some()
                || !self.tag_filters.is_empty())
        {
            problem(
                "cannot combine expired-object-delete-marker with an expiration or tag filters"
                    .into(),
            );
        }
        if self.abort_incomplete_multipart_upload_days.is_some()
            && (!self.tag_filters.is_empty()
                || self.object_size_greater_than.is_some()
                || self.object_size_less_than.is_some())
        {
            problem(
                "cannot abort incomplete multipart uploads in a rule filtered by tags or object size"
                    .into(),
            );
        }
        if let (Some(min), Some(max)) = (self.object_size_greater_than, self.object_size_less_than)
        {
            if max <= min {
                problem(format!(
                    "has an empty size filter: objects smaller than {max} and larger than {min} bytes"
                ));
            }
        }
        for (what, days) in [
            ("an expiration", self.expiration_days),
            (
                "a noncurrent-version expiration",
                self.noncurrent_version_expiration_days,
            ),
            (
                "an abort of incomplete multipart uploads",
                self.abort_incomplete_multipart_upload_days,
            ),
        ] {
            if days == Some(0) {
                problem(format!("has {what} after 0 days; it must be at least 1"));
            }
        }
        for date in self
            .expiration_date
            .iter()
            .chain(self.transitions.iter().filter_map(|t| match &t.when {
                When::OnDate(d) => Some(d),
                When::AfterDays(_) => None,
            }))
        {
            if !is_midnight_date(date) {
                problem(format!(
                    "has the date {date:?}; dates are YYYY-MM-DD (midnight UTC)"
                ));
            }
        }
        for t in &self.transitions {
            if let When::AfterDays(days) = t.when {
                check_transition_days(&mut problem, "a transition", t.storage_class, days);
                if let Some(expiration) = self.expiration_days.filter(|e| *e <= days) {
                    problem(format!(
                        "expires objects after {expiration} days, which must be later than its \
                         transition to {} (after {days} days)",
                        t.storage_class.as_str()
                    ));
                }
            }
        }
        for t in &self.noncurrent_version_transitions {
            check_transition_days(
                &mut problem,
                "a noncurrent-version transition",
                t.storage_class,
                t.days,
            );
            check_versions(&mut problem, t.versions_to_retain);
        }
        if self.noncurrent_versions_to_retain.is_some()
            && self.noncurrent_version_expiration_days.is_none()
        {
            problem(
                "keeps noncurrent versions but has no noncurrent-version expiration to keep them from"
                    .into(),
            );
        }
        check_versions(&mut problem, self.noncurrent_versions_to_retain);
        problems
    }

    /// The rule as CloudFormation's `Rule`.
    pub(crate) fn render(&self) -> cfn::Rule {
        let mut rule = cfn::Rule::new(if self.enabled { "Enabled" } else { "Disabled" });
        rule.abort_incomplete_multipart_upload = self
            .abort_incomplete_multipart_upload_days
            .map(|d| cfn::AbortIncompleteMultipartUpload::new(i64::from(d)).into());
        rule.expiration_date = self.expiration_date.as_deref().map(Into::into);
        rule.expiration_in_days = self.expiration_days.map(|d| i64::from(d).into());
        rule.id = self.id.as_deref().map(Into::into);
        rule.noncurrent_version_expiration = self.noncurrent_version_expiration_days.map(|d| {
            let mut expiration = cfn::NoncurrentVersionExpiration::new(i64::from(d));
            expiration.newer_noncurrent_versions = self
                .noncurrent_versions_to_retain
                .map(|v| i64::from(v).into());
            expiration.into()
        });
        if !self.noncurrent_version_transitions.is_empty() {
            let transitions: Vec<cfn::NoncurrentVersionTransition> = self
                .noncurrent_version_transitions
                .iter()
                .map(|t| {
                    let mut out = cfn::NoncurrentVersionTransition::new(
                        t.storage_class.as_str(),
                        i64::from(t.days),
                    );
                    out.newer_noncurrent_versions =
                        t.versions_to_retain.map(|v| i64::from(v).into());
                    out
                })
                .collect();
            rule.noncurrent_version_transitions = Some(transitions.into());
        }
        rule.prefix = self.prefix.as_deref().map(Into::into);
        if !self.transitions.is_empty() {
            let transitions: Vec<cfn::Transition> = self
                .transitions
                .iter()
                .map(|t| {
                    let out = cfn::Transition::new(t.storage_class.as_str());
                    match &t.when {
                        When::AfterDays(days) => out.transition_in_days(i64::from(*days)),
                        When::OnDate(date) => out.transition_date(date.as_str()),
                    }
                })
                .collect();
            rule.transitions = Some(transitions.into());
        }
        if self.expired_object_delete_marker {
            rule.expired_object_delete_marker = Some(true.into());
        }
        if !self.tag_filters.is_empty() {
            let filters: Vec<cfn::TagFilter> = self
                .tag_filters
                .iter()
                .map(|(k, v)| cfn::TagFilter::new(k.as_str(), v.as_str()))
                .collect();
            rule.tag_filters = Some(filters.into());
        }
        rule.object_size_greater_than = self.object_size_greater_than.map(|b| b.to_string().into());
        rule.object_size_less_than = self.object_size_less_than.map(|b| b.to_string().into());
        rule
    }
}

fn check_transition_days(
    problem: &mut impl FnMut(String),
    what: &str,
    storage_class: StorageClass,
    days: u32,
) {
    let minimum = storage_class.minimum_days();
    if days < minimum {
        problem(format!(
            "has {what} to {} after {days} days; it must be at least {minimum}",
            storage_class.as_str()
        ));
    }
}

fn check_versions(problem: &mut impl FnMut(String), versions: Option<u32>) {
    if let Some(v) = versions {
        if !(1..=100).contains(&v) {
            problem(format!(
                "keeps {v} noncurrent versions; it must be between 1 and 100"
            ));
        }
    }
}

/// `YYYY-MM-DD`, optionally followed by `T00:00:00Z` or `T00:00:00.000Z` (S3 dates are at
/// midnight UTC).
fn is_midnight_date(date: &str) -> bool {
    let (day, time) = date.split_at(date.len().min(10));
    let bytes = day.as_bytes();
    let shape = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    let month: u32 = day.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(0);
    let dom: u32 = day.get(8..10).and_then(|d| d.parse().ok()).unwrap_or(0);
    shape
        && (1..=12).contains(&month)
        && (1..=31).contains(&dom)
        && matches!(time, "" | "T00:00:00Z" | "T00:00:00.000Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_midnight_utc() {
        for ok in [
            "2030-01-31",
            "2030-01-31T00:00:00Z",
            "2030-12-01T00:00:00.000Z",
        ] {
            assert!(is_midnight_date(ok), "{ok}");
        }
        for bad in [
            "2030-1-31",
            "2030-13-01",
            "2030-01-31T12:00:00Z",
            "tomorrow",
            "",
        ] {
            assert!(!is_midnight_date(bad), "{bad}");
        }
    }

    #[test]
    fn a_rule_without_action_or_with_conflicts_is_refused() {
        assert_eq!(LifecycleRule::new().problems().len(), 1);
        let problems = LifecycleRule::new()
            .expiration_days(10)
            .transition(Transition::after_days(StorageClass::InfrequentAccess, 20))
            .problems();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("STANDARD_IA after 20 days; it must be at least 30"));
        assert!(problems[1].contains("expires objects after 10 days, which must be later"));
        assert!(LifecycleRule::new()
            .expiration_days(400)
            .transition(Transition::after_days(StorageClass::Glacier, 0))
            .problems()
            .is_empty());
    }
}
