//! [`Template`]: assertions over one synthesized CloudFormation template.

use serde_json::Value as Json;
use stackwright_core::CloudAssembly;

use crate::matcher::{counted, render_lines, Match, Mismatch};

/// How many names a message lists before it says how many more there are.
const LISTED_NAMES: usize = 20;

/// A synthesized template, ready for assertions.
///
/// Every assertion panics with a message saying what differs (tests fail that way); each has a
/// `try_` form returning that message instead. Patterns are anything that converts into a
/// [`Match`]: plain JSON objects match as [`Match::object_like`] (a subset of the keys,
/// recursively), plain arrays element for element.
///
/// ```
/// use serde_json::json;
/// use stackwright_assertions::{Match, Template};
///
/// let template = Template::from_json(json!({
///     "Resources": {
///         "Logs": {
///             "Type": "AWS::S3::Bucket",
///             "Properties": { "BucketName": "logs", "VersioningConfiguration": { "Status": "Enabled" } },
///             "DeletionPolicy": "Retain"
///         }
///     },
///     "Outputs": { "LogsArn": { "Value": { "Fn::GetAtt": ["Logs", "Arn"] } } }
/// }));
/// template.resource_count_is("AWS::S3::Bucket", 1);
/// template.has_resource_properties(
///     "AWS::S3::Bucket",
///     json!({ "VersioningConfiguration": { "Status": "Enabled" } }),
/// );
/// template.has_resource("AWS::S3::Bucket", json!({ "DeletionPolicy": "Retain" }));
/// template.has_output("*", json!({ "Value": { "Fn::GetAtt": ["Logs", "Arn"] } }));
///
/// let failure = template
///     .try_has_resource_properties("AWS::S3::Bucket", json!({ "BucketName": "data" }))
///     .unwrap_err();
/// assert!(failure.contains(r#"/Properties/BucketName: expected "data", got "logs""#));
/// ```
#[derive(Debug, Clone)]
pub struct Template {
    json: Json,
}

/// A top-level section of a template holding named entries.
#[derive(Debug, Clone, Copy)]
enum Section {
    Resources,
    Outputs,
    Parameters,
    Mappings,
    Conditions,
}

impl Section {
    fn key(self) -> &'static str {
        match self {
            Section::Resources => "Resources",
            Section::Outputs => "Outputs",
            Section::Parameters => "Parameters",
            Section::Mappings => "Mappings",
            Section::Conditions => "Conditions",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Section::Resources => "resource",
            Section::Outputs => "output",
            Section::Parameters => "parameter",
            Section::Mappings => "mapping",
            Section::Conditions => "condition",
        }
    }
}

/// Which entries of a section an assertion looks at.
#[derive(Debug, Clone, Copy)]
enum Select<'a> {
    /// Resources of this type.
    Type(&'a str),
    /// The entry with this logical id, or every entry for `*`.
    Id(&'a str),
}

impl Select<'_> {
    fn qualifier(self) -> String {
        match self {
            Select::Type(t) => format!(" of type {t}"),
            Select::Id("*") => String::new(),
            Select::Id(id) => format!(" named {id}"),
        }
    }
}

/// What a pattern compares a section entry with: the whole entry, or a resource's `Properties`.
#[derive(Debug, Clone, Copy)]
enum Target {
    Entry,
    Properties,
}

/// The candidates of an assertion, split by whether they match.
struct Tested<'t> {
    matched: Vec<(&'t str, &'t Json)>,
    /// Sorted by number of mismatches, then template order.
    failed: Vec<(&'t str, Vec<Mismatch>)>,
}

impl Tested<'_> {
    fn total(&self) -> usize {
        self.matched.len() + self.failed.len()
    }

    fn matched_ids(&self) -> String {
        list(self.matched.iter().map(|(id, _)| *id))
    }
}

impl Template {
    /// The template of the stack with this display name (its construct path, e.g.
    /// `Prod/Storage`).
    ///
    /// # Panics
    /// When the assembly has no such stack; the message lists the stacks it has.
    #[track_caller]
    pub fn from_stack(assembly: &CloudAssembly, display_name: &str) -> Template {
        Template::try_from_stack(assembly, display_name).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The template of the stack with this display name.
    ///
    /// # Errors
    /// When the assembly has no such stack, listing the stacks it has.
    pub fn try_from_stack(
        assembly: &CloudAssembly,
        display_name: &str,
    ) -> Result<Template, String> {
        crate::snapshot::stack(assembly, display_name)
            .map(|s| Template::from_json(s.template.clone()))
    }

    /// A template from its JSON.
    pub fn from_json(json: Json) -> Template {
        Template { json }
    }

    /// A template from JSON text.
    ///
    /// # Errors
    /// When the text is not JSON.
    pub fn from_string(text: &str) -> Result<Template, String> {
        serde_json::from_str(text)
            .map(Template::from_json)
            .map_err(|e| format!("the template is not valid JSON: {e}"))
    }

    /// The whole template.
    pub fn json(&self) -> &Json {
        &self.json
    }

    /// Asserts how many resources of a type the template has.
    ///
    /// # Panics
    /// When the count differs.
    #[track_caller]
    pub fn resource_count_is(&self, type_name: &str, count: usize) {
        or_panic(self.try_resource_count_is(type_name, count));
    }

    /// Checks how many resources of a type the template has.
    ///
    /// # Errors
    /// When the count differs, naming the resources found.
    pub fn try_resource_count_is(&self, type_name: &str, count: usize) -> Result<(), String> {
        let found = self.candidates(Section::Resources, Select::Type(type_name));
        if found.len() == count {
            return Ok(());
        }
        let mut message = format!(
            "expected {} of type {type_name}, found {}",
            counted(count, "resource"),
            found.len()
        );
        if found.is_empty() {
            message += &format!("; {}", self.types_present());
        } else {
            message += &format!(": {}", list(found.iter().map(|(id, _)| *id)));
        }
        Err(message)
    }

    /// Asserts how many resources of a type have properties matching `properties` (as in
    /// [`Template::has_resource_properties`]).
    ///
    /// # Panics
    /// When the count differs.
    #[track_caller]
    pub fn resource_properties_count_is(
        &self,
        type_name: &str,
        properties: impl Into<Match>,
        count: usize,
    ) {
        or_panic(self.try_resource_properties_count_is(type_name, properties, count));
    }

    /// Checks how many resources of a type have properties matching `properties`.
    ///
    /// # Errors
    /// When the count differs, naming the matching resources and, when too few match, the
    /// closest one that does not.
    pub fn try_resource_properties_count_is(
        &self,
        type_name: &str,
        properties: impl Into<Match>,
        count: usize,
    ) -> Result<(), String> {
        let select = Select::Type(type_name);
        let tested = self.test(
            Section::Resources,
            select,
            Target::Properties,
            &properties.into(),
        );
        if tested.matched.len() == count {
            return Ok(());
        }
        let mut message = format!(
            "expected {} of type {type_name} with matching properties, found {}",
            counted(count, "resource"),
            tested.matched.len()
        );
        if !tested.matched.is_empty() {
            message += &format!(": {}", tested.matched_ids());
        }
        if tested.total() == 0 {
            message += &format!("; {}", self.types_present());
        } else if tested.matched.len() < count {
            if let Some(closest) = closest(&tested) {
                message += &format!("\n{closest}");
            }
        }
        Err(message)
    }

    /// Asserts that some resource of a type matches `resource` as a whole (`Properties`,
    /// `DependsOn`, `DeletionPolicy`, `Condition`...).
    ///
    /// ```
    /// # use serde_json::json;
    /// # use stackwright_assertions::{Match, Template};
    /// let template = Template::from_json(json!({ "Resources": {
    ///     "Table": { "Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain" }
    /// }}));
    /// template.has_resource(
    ///     "AWS::DynamoDB::Table",
    ///     Match::object_like([("DeletionPolicy", Match::from("Retain")), ("DependsOn", Match::absent())]),
    /// );
    /// ```
    ///
    /// # Panics
    /// When none matches; the message shows the closest resource and how it differs.
    #[track_caller]
    pub fn has_resource(&self, type_name: &str, resource: impl Into<Match>) {
        or_panic(self.try_has_resource(type_name, resource));
    }

    /// Checks that some resource of a type matches `resource` as a whole.
    ///
    /// # Errors
    /// When none matches, showing the closest resource and every mismatch with its path, or,
    /// when there is no resource of the type, the types there are.
    pub fn try_has_resource(
        &self,
        type_name: &str,
        resource: impl Into<Match>,
    ) -> Result<(), String> {
        self.has(
            Section::Resources,
            Select::Type(type_name),
            Target::Entry,
            resource.into(),
        )
    }

    /// Asserts that some resource of a type has `Properties` matching `properties` (a missing
    /// `Properties` counts as `{}`, unless the pattern is [`Match::absent`]).
    ///
    /// ```
    /// # use serde_json::json;
    /// # use stackwright_assertions::{Match, Template};
    /// let template = Template::from_json(json!({ "Resources": {
    ///     "Key": { "Type": "AWS::KMS::Key", "Properties": { "EnableKeyRotation": true, "KeyPolicy": {} } }
    /// }}));
    /// template.has_resource_properties("AWS::KMS::Key", json!({ "EnableKeyRotation": true }));
    /// template.has_resource_properties(
    ///     "AWS::KMS::Key",
    ///     Match::object_like([("PendingWindowInDays", Match::absent())]),
    /// );
    /// ```
    ///
    /// # Panics
    /// When none matches; the message shows the closest resource and how it differs.
    #[track_caller]
    pub fn has_resource_properties(&self, type_name: &str, properties: impl Into<Match>) {
        or_panic(self.try_has_resource_properties(type_name, properties));
    }

    /// Checks that some resource of a type has `Properties` matching `properties`.
    ///
    /// # Errors
    /// When none matches, showing the closest resource and every mismatch with its path, or,
    /// when there is no resource of the type, the types there are.
    pub fn try_has_resource_properties(
        &self,
        type_name: &str,
        properties: impl Into<Match>,
    ) -> Result<(), String> {
        let select = Select::Type(type_name);
        self.has(
            Section::Resources,
            select,
            Target::Properties,
            properties.into(),
        )
    }

    /// Asserts that there are resources of a type and every one matches `resource` as a whole.
    ///
    /// # Panics
    /// When there is none, or some do not match (each shown with its mismatches).
    #[track_caller]
    pub fn all_resources(&self, type_name: &str, resource: impl Into<Match>) {
        or_panic(self.try_all_resources(type_name, resource));
    }

    /// Checks that there are resources of a type and every one matches `resource` as a whole.
    ///
    /// # Errors
    /// When there is none, or some do not match (each shown with its mismatches).
    pub fn try_all_resources(
        &self,
        type_name: &str,
        resource: impl Into<Match>,
    ) -> Result<(), String> {
        self.all(type_name, Target::Entry, resource.into())
    }

    /// Asserts that there are resources of a type and the `Properties` of every one match.
    ///
    /// # Panics
    /// When there is none, or some do not match (each shown with its mismatches).
    #[track_caller]
    pub fn all_resources_properties(&self, type_name: &str, properties: impl Into<Match>) {
        or_panic(self.try_all_resources_properties(type_name, properties));
    }

    /// Checks that there are resources of a type and the `Properties` of every one match.
    ///
    /// # Errors
    /// When there is none, or some do not match (each shown with its mismatches).
    pub fn try_all_resources_properties(
        &self,
        type_name: &str,
        properties: impl Into<Match>,
    ) -> Result<(), String> {
        self.all(type_name, Target::Properties, properties.into())
    }

    /// The resources of a type matching `resource` as a whole, as `(logical id, resource)` in
    /// template order. Pass [`Match::any_value()`] for every resource of the type.
    ///
    /// ```
    /// # use serde_json::json;
    /// # use stackwright_assertions::{Match, Template};
    /// let template = Template::from_json(json!({ "Resources": {
    ///     "A": { "Type": "AWS::SQS::Queue", "Properties": { "FifoQueue": true } },
    ///     "B": { "Type": "AWS::SQS::Queue" }
    /// }}));
    /// let fifo = template.find_resources("AWS::SQS::Queue", json!({ "Properties": { "FifoQueue": true } }));
    /// assert_eq!(fifo.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["A"]);
    /// assert_eq!(template.find_resources("AWS::SQS::Queue", Match::any_value()).len(), 2);
    /// ```
    pub fn find_resources(
        &self,
        type_name: &str,
        resource: impl Into<Match>,
    ) -> Vec<(String, Json)> {
        let select = Select::Type(type_name);
        owned(self.test(Section::Resources, select, Target::Entry, &resource.into()))
    }

    /// The logical id of the one resource of a type whose `Properties` match.
    ///
    /// # Panics
    /// When none or several match.
    #[track_caller]
    pub fn resource_id(&self, type_name: &str, properties: impl Into<Match>) -> String {
        self.try_resource_id(type_name, properties)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// The logical id of the one resource of a type whose `Properties` match.
    ///
    /// # Errors
    /// When none matches (with the closest resource) or several do (naming them).
    pub fn try_resource_id(
        &self,
        type_name: &str,
        properties: impl Into<Match>,
    ) -> Result<String, String> {
        let select = Select::Type(type_name);
        let tested = self.test(
            Section::Resources,
            select,
            Target::Properties,
            &properties.into(),
        );
        match tested.matched.as_slice() {
            [(id, _)] => Ok((*id).to_owned()),
            [] => Err(self.none_matches(Section::Resources, select, &tested)),
            _ => Err(format!(
                "expected one resource of type {type_name} with matching properties, found {}: {}",
                tested.matched.len(),
                tested.matched_ids()
            )),
        }
    }

    /// Asserts that an output with this logical id (any output for `"*"`) matches `output`.
    ///
    /// ```
    /// # use serde_json::json;
    /// # use stackwright_assertions::{Match, Template};
    /// let template = Template::from_json(json!({ "Outputs": {
    ///     "Url": { "Value": "https://example.com", "Export": { "Name": "Prod-Url" } }
    /// }}));
    /// template.has_output("Url", json!({ "Export": { "Name": "Prod-Url" } }));
    /// template.has_output("*", Match::object_like([("Value", Match::string_like_regexp("^https://"))]));
    /// ```
    ///
    /// # Panics
    /// When none matches; the message shows the closest output and how it differs.
    #[track_caller]
    pub fn has_output(&self, logical_id: &str, output: impl Into<Match>) {
        or_panic(self.try_has_output(logical_id, output));
    }

    /// Checks that an output with this logical id (any output for `"*"`) matches `output`.
    ///
    /// # Errors
    /// When none matches, showing the closest output and how it differs.
    pub fn try_has_output(&self, logical_id: &str, output: impl Into<Match>) -> Result<(), String> {
        self.has(
            Section::Outputs,
            Select::Id(logical_id),
            Target::Entry,
            output.into(),
        )
    }

    /// The outputs with this logical id (every one for `"*"`) matching `output`, in template
    /// order.
    pub fn find_outputs(&self, logical_id: &str, output: impl Into<Match>) -> Vec<(String, Json)> {
        self.find(Section::Outputs, logical_id, output.into())
    }

    /// Asserts that a parameter with this logical id (any parameter for `"*"`) matches
    /// `parameter`.
    ///
    /// # Panics
    /// When none matches; the message shows the closest parameter and how it differs.
    #[track_caller]
    pub fn has_parameter(&self, logical_id: &str, parameter: impl Into<Match>) {
        or_panic(self.try_has_parameter(logical_id, parameter));
    }

    /// Checks that a parameter with this logical id (any parameter for `"*"`) matches
    /// `parameter`.
    ///
    /// # Errors
    /// When none matches, showing the closest parameter and how it differs.
    pub fn try_has_parameter(
        &self,
        logical_id: &str,
        parameter: impl Into<Match>,
    ) -> Result<(), String> {
        self.has(
            Section::Parameters,
            Select::Id(logical_id),
            Target::Entry,
            parameter.into(),
        )
    }

    /// The parameters with this logical id (every one for `"*"`) matching `parameter`, in
    /// template order.
    pub fn find_parameters(
        &self,
        logical_id: &str,
        parameter: impl Into<Match>,
    ) -> Vec<(String, Json)> {
        self.find(Section::Parameters, logical_id, parameter.into())
    }

    /// Asserts that a mapping with this logical id (any mapping for `"*"`) matches `mapping`.
    ///
    /// # Panics
    /// When none matches; the message shows the closest mapping and how it differs.
    #[track_caller]
    pub fn has_mapping(&self, logical_id: &str, mapping: impl Into<Match>) {
        or_panic(self.try_has_mapping(logical_id, mapping));
    }

    /// Checks that a mapping with this logical id (any mapping for `"*"`) matches `mapping`.
    ///
    /// # Errors
    /// When none matches, showing the closest mapping and how it differs.
    pub fn try_has_mapping(
        &self,
        logical_id: &str,
        mapping: impl Into<Match>,
    ) -> Result<(), String> {
        self.has(
            Section::Mappings,
            Select::Id(logical_id),
            Target::Entry,
            mapping.into(),
        )
    }

    /// The mappings with this logical id (every one for `"*"`) matching `mapping`, in template
    /// order.
    pub fn find_mappings(
        &self,
        logical_id: &str,
        mapping: impl Into<Match>,
    ) -> Vec<(String, Json)> {
        self.find(Section::Mappings, logical_id, mapping.into())
    }

    /// Asserts that a condition with this logical id (any condition for `"*"`) matches
    /// `condition`.
    ///
    /// # Panics
    /// When none matches; the message shows the closest condition and how it differs.
    #[track_caller]
    pub fn has_condition(&self, logical_id: &str, condition: impl Into<Match>) {
        or_panic(self.try_has_condition(logical_id, condition));
    }

    /// Checks that a condition with this logical id (any condition for `"*"`) matches
    /// `condition`.
    ///
    /// # Errors
    /// When none matches, showing the closest condition and how it differs.
    pub fn try_has_condition(
        &self,
        logical_id: &str,
        condition: impl Into<Match>,
    ) -> Result<(), String> {
        self.has(
            Section::Conditions,
            Select::Id(logical_id),
            Target::Entry,
            condition.into(),
        )
    }

    /// The conditions with this logical id (every one for `"*"`) matching `condition`, in
    /// template order.
    pub fn find_conditions(
        &self,
        logical_id: &str,
        condition: impl Into<Match>,
    ) -> Vec<(String, Json)> {
        self.find(Section::Conditions, logical_id, condition.into())
    }

    /// Asserts that the whole template matches `expected` (plain objects by subset; use
    /// [`Match::object_equals`] or [`Match::exact`] for an exact match).
    ///
    /// # Panics
    /// When it differs, listing every mismatch with its path.
    #[track_caller]
    pub fn template_matches(&self, expected: impl Into<Match>) {
        or_panic(self.try_template_matches(expected));
    }

    /// Checks that the whole template matches `expected`.
    ///
    /// # Errors
    /// Every mismatch with its path.
    pub fn try_template_matches(&self, expected: impl Into<Match>) -> Result<(), String> {
        let mismatches = expected.into().mismatches(&self.json);
        if mismatches.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "the template does not match ({}):\n{}",
                counted(mismatches.len(), "mismatch"),
                render_lines(&mismatches, "  ")
            ))
        }
    }

    /// The entries of a section, in template order.
    fn entries(&self, section: Section) -> impl Iterator<Item = (&str, &Json)> {
        self.json
            .get(section.key())
            .and_then(Json::as_object)
            .into_iter()
            .flatten()
            .map(|(id, entry)| (id.as_str(), entry))
    }

    fn candidates(&self, section: Section, select: Select<'_>) -> Vec<(&str, &Json)> {
        self.entries(section)
            .filter(|(id, entry)| match select {
                Select::Type(t) => entry.get("Type").and_then(Json::as_str) == Some(t),
                Select::Id(wanted) => wanted == "*" || wanted == *id,
            })
            .collect()
    }

    fn test(
        &self,
        section: Section,
        select: Select<'_>,
        target: Target,
        pattern: &Match,
    ) -> Tested<'_> {
        let mut tested = Tested {
            matched: Vec::new(),
            failed: Vec::new(),
        };
        for (id, entry) in self.candidates(section, select) {
            let mismatches = match target {
                Target::Entry => pattern.mismatches(entry),
                Target::Properties => properties_mismatches(pattern, entry),
            };
            if mismatches.is_empty() {
                tested.matched.push((id, entry));
            } else {
                tested.failed.push((id, mismatches));
            }
        }
        tested.failed.sort_by_key(|(_, m)| m.len());
        tested
    }

    fn has(
        &self,
        section: Section,
        select: Select<'_>,
        target: Target,
        pattern: Match,
    ) -> Result<(), String> {
        let tested = self.test(section, select, target, &pattern);
        if tested.matched.is_empty() {
            Err(self.none_matches(section, select, &tested))
        } else {
            Ok(())
        }
    }

    fn all(&self, type_name: &str, target: Target, pattern: Match) -> Result<(), String> {
        let select = Select::Type(type_name);
        let tested = self.test(Section::Resources, select, target, &pattern);
        if tested.total() == 0 {
            return Err(self.nothing_selected(Section::Resources, select));
        }
        if tested.failed.is_empty() {
            return Ok(());
        }
        let mut message = format!(
            "the template has {} of type {type_name}, but {} of them {} not match:",
            counted(tested.total(), "resource"),
            tested.failed.len(),
            if tested.failed.len() == 1 {
                "does"
            } else {
                "do"
            }
        );
        for (id, mismatches) in &tested.failed {
            message += &format!("\n{}", failed_entry(id, mismatches));
        }
        Err(message)
    }

    fn find(&self, section: Section, logical_id: &str, pattern: Match) -> Vec<(String, Json)> {
        owned(self.test(section, Select::Id(logical_id), Target::Entry, &pattern))
    }

    /// The message when no candidate matches.
    fn none_matches(&self, section: Section, select: Select<'_>, tested: &Tested<'_>) -> String {
        let Some(closest) = closest(tested) else {
            return self.nothing_selected(section, select);
        };
        let total = tested.total();
        format!(
            "the template has {}{}, but {}.\n{closest}",
            counted(total, section.noun()),
            select.qualifier(),
            if total == 1 {
                "it does not match"
            } else {
                "none matches"
            }
        )
    }

    /// The message when there is no candidate at all: what there is instead.
    fn nothing_selected(&self, section: Section, select: Select<'_>) -> String {
        let noun = section.noun();
        match select {
            Select::Type(t) => format!(
                "the template has no {noun} of type {t}; {}",
                self.types_present()
            ),
            Select::Id("*") => format!("the template has no {noun}s"),
            Select::Id(id) => {
                let present: Vec<&str> = self.entries(section).map(|(id, _)| id).collect();
                if present.is_empty() {
                    format!("the template has no {noun} named {id}; it has no {noun}s")
                } else {
                    format!(
                        "the template has no {noun} named {id}; its {noun}s are {}",
                        list(present)
                    )
                }
            }
        }
    }

    /// `its resource types are A, B` (sorted), or `it has no resources`.
    fn types_present(&self) -> String {
        let types: std::collections::BTreeSet<&str> = self
            .entries(Section::Resources)
            .filter_map(|(_, r)| r.get("Type").and_then(Json::as_str))
            .collect();
        if types.is_empty() {
            "it has no resources".to_owned()
        } else {
            format!("its resource types are {}", list(types))
        }
    }
}

/// The mismatches of a resource's `Properties`, paths starting at `/Properties`.
fn properties_mismatches(pattern: &Match, resource: &Json) -> Vec<Mismatch> {
    match resource.get("Properties") {
        Some(properties) => pattern.mismatches_under(properties, Some("Properties")),
        None if pattern.is_absent() => Vec::new(),
        None => pattern.mismatches_under(&Json::Object(serde_json::Map::new()), Some("Properties")),
    }
}

/// The closest failed candidate with its mismatches, then the others with their counts.
fn closest(tested: &Tested<'_>) -> Option<String> {
    let ((id, mismatches), others) = tested.failed.split_first()?;
    let mut text = format!("The closest is {}", failed_entry(id, mismatches));
    if !others.is_empty() {
        let others = others
            .iter()
            .map(|(id, m)| format!("{id} ({})", counted(m.len(), "mismatch")));
        text += &format!("\nOther candidates: {}", list(others));
    }
    Some(text)
}

/// `Id (2 mismatches):` then the mismatches, indented.
fn failed_entry(id: &str, mismatches: &[Mismatch]) -> String {
    format!(
        "{id} ({}):\n{}",
        counted(mismatches.len(), "mismatch"),
        render_lines(mismatches, "  ")
    )
}

/// Names joined with `, `, at most [`LISTED_NAMES`] of them.
fn list<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> String {
    let names: Vec<S> = names.into_iter().collect();
    let shown: Vec<&str> = names.iter().take(LISTED_NAMES).map(AsRef::as_ref).collect();
    let mut text = shown.join(", ");
    if names.len() > LISTED_NAMES {
        text += &format!(" and {} more", names.len() - LISTED_NAMES);
    }
    text
}

fn owned(tested: Tested<'_>) -> Vec<(String, Json)> {
    tested
        .matched
        .into_iter()
        .map(|(id, entry)| (id.to_owned(), entry.clone()))
        .collect()
}

#[track_caller]
fn or_panic(result: Result<(), String>) {
    if let Err(message) = result {
        panic!("{message}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn encrypted(algorithm: &str) -> Json {
        json!({ "ServerSideEncryptionConfiguration": [
            { "ServerSideEncryptionByDefault": { "SSEAlgorithm": algorithm } }
        ] })
    }

    fn template() -> Template {
        Template::from_json(json!({
            "Parameters": {
                "Stage": { "Type": "String", "Default": "prod" },
                "BootstrapVersion": { "Type": "AWS::SSM::Parameter::Value<String>" }
            },
            "Mappings": { "Regions": { "us-east-1": { "Ami": "ami-1" } } },
            "Conditions": { "IsProd": { "Fn::Equals": [{ "Ref": "Stage" }, "prod"] } },
            "Resources": {
                "Plain": { "Type": "AWS::S3::Bucket" },
                "Logs": {
                    "Type": "AWS::S3::Bucket",
                    "Properties": { "BucketName": "logs", "BucketEncryption": encrypted("AES256") },
                    "DeletionPolicy": "Retain"
                },
                "Alerts": { "Type": "AWS::SNS::Topic", "Properties": { "TopicName": "alerts" } },
                "Queue": {
                    "Type": "AWS::SQS::Queue",
                    "DependsOn": ["Alerts"],
                    "Condition": "IsProd"
                }
            },
            "Outputs": {
                "LogsArn": { "Value": { "Fn::GetAtt": ["Logs", "Arn"] } },
                "TopicArn": { "Value": { "Ref": "Alerts" }, "Export": { "Name": "Prod-TopicArn" } }
            }
        }))
    }

    fn ids(found: Vec<(String, Json)>) -> Vec<String> {
        found.into_iter().map(|(id, _)| id).collect()
    }

    #[test]
    fn has_resource_properties_matches_a_subset_of_properties() {
        let t = template();
        t.has_resource_properties(
            "AWS::S3::Bucket",
            json!({ "BucketEncryption": encrypted("AES256") }),
        );
        // A resource without Properties counts as having {}.
        t.has_resource_properties("AWS::SQS::Queue", json!({}));
        t.has_resource_properties("AWS::SQS::Queue", Match::absent());
        assert!(t
            .try_has_resource_properties("AWS::SNS::Topic", Match::absent())
            .is_err());
    }

    #[test]
    fn a_failed_has_resource_properties_shows_the_closest_resource_and_each_mismatch() {
        let message = template()
            .try_has_resource_properties(
                "AWS::S3::Bucket",
                json!({ "BucketName": "logs", "BucketEncryption": encrypted("aws:kms") }),
            )
            .unwrap_err();
        // Logs comes second in the template but differs in one place, Plain in two.
        assert_eq!(
            message,
            [
                "the template has 2 resources of type AWS::S3::Bucket, but none matches.",
                "The closest is Logs (1 mismatch):",
                r#"  /Properties/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm: expected "aws:kms", got "AES256""#,
                "Other candidates: Plain (2 mismatches)",
            ]
            .join("\n")
        );
    }

    #[test]
    fn a_failed_match_on_the_only_candidate_says_it_does_not_match() {
        let message = template()
            .try_has_resource_properties("AWS::SNS::Topic", json!({ "TopicName": "other" }))
            .unwrap_err();
        assert_eq!(
            message,
            [
                "the template has 1 resource of type AWS::SNS::Topic, but it does not match.",
                "The closest is Alerts (1 mismatch):",
                r#"  /Properties/TopicName: expected "other", got "alerts""#,
            ]
            .join("\n")
        );
    }

    #[test]
    fn with_no_resource_of_the_type_the_message_lists_the_types_there_are() {
        let t = template();
        assert_eq!(
            t.try_has_resource_properties("AWS::Lambda::Function", json!({}))
                .unwrap_err(),
            "the template has no resource of type AWS::Lambda::Function; its resource types are \
             AWS::S3::Bucket, AWS::SNS::Topic, AWS::SQS::Queue"
        );
        assert_eq!(
            Template::from_json(json!({}))
                .try_has_resource("AWS::S3::Bucket", json!({}))
                .unwrap_err(),
            "the template has no resource of type AWS::S3::Bucket; it has no resources"
        );
    }

    #[test]
    #[should_panic(
        expected = "The closest is Plain (1 mismatch):\n  /Properties/BucketName: missing (expected \"data\")"
    )]
    fn has_resource_properties_panics_with_the_message() {
        template().has_resource_properties("AWS::S3::Bucket", json!({ "BucketName": "data" }));
    }

    #[test]
    fn has_resource_matches_the_whole_resource() {
        let t = template();
        t.has_resource("AWS::S3::Bucket", json!({ "DeletionPolicy": "Retain" }));
        t.has_resource(
            "AWS::SQS::Queue",
            json!({ "DependsOn": ["Alerts"], "Condition": "IsProd" }),
        );
        t.has_resource(
            "AWS::S3::Bucket",
            Match::object_like([("Properties", Match::absent())]),
        );
        assert_eq!(
            t.try_has_resource("AWS::SQS::Queue", json!({ "DependsOn": [] }))
                .unwrap_err(),
            [
                "the template has 1 resource of type AWS::SQS::Queue, but it does not match.",
                "The closest is Queue (1 mismatch):",
                "  /DependsOn: expected 0 elements, got 1",
            ]
            .join("\n")
        );
    }

    #[test]
    fn resource_count_is_counts_by_type() {
        let t = template();
        t.resource_count_is("AWS::S3::Bucket", 2);
        t.resource_count_is("AWS::Lambda::Function", 0);
        assert_eq!(
            t.try_resource_count_is("AWS::S3::Bucket", 3).unwrap_err(),
            "expected 3 resources of type AWS::S3::Bucket, found 2: Plain, Logs"
        );
        assert_eq!(
            t.try_resource_count_is("AWS::Lambda::Function", 1)
                .unwrap_err(),
            "expected 1 resource of type AWS::Lambda::Function, found 0; its resource types are \
             AWS::S3::Bucket, AWS::SNS::Topic, AWS::SQS::Queue"
        );
    }

    #[test]
    fn resource_properties_count_is_counts_matching_resources() {
        let t = template();
        t.resource_properties_count_is("AWS::S3::Bucket", json!({ "BucketName": "logs" }), 1);
        t.resource_properties_count_is("AWS::S3::Bucket", json!({}), 2);
        t.resource_properties_count_is("AWS::S3::Bucket", json!({ "BucketName": "x" }), 0);
        assert_eq!(
            t.try_resource_properties_count_is("AWS::S3::Bucket", json!({ "BucketName": "logs" }), 2)
                .unwrap_err(),
            [
                "expected 2 resources of type AWS::S3::Bucket with matching properties, found 1: Logs",
                "The closest is Plain (1 mismatch):",
                r#"  /Properties/BucketName: missing (expected "logs")"#,
            ]
            .join("\n")
        );
        assert_eq!(
            t.try_resource_properties_count_is("AWS::S3::Bucket", json!({}), 1)
                .unwrap_err(),
            "expected 1 resource of type AWS::S3::Bucket with matching properties, found 2: Plain, Logs"
        );
    }

    #[test]
    fn all_resources_needs_every_resource_of_the_type_to_match() {
        let t = template();
        t.all_resources("AWS::S3::Bucket", json!({ "Type": "AWS::S3::Bucket" }));
        t.all_resources_properties("AWS::SNS::Topic", json!({ "TopicName": "alerts" }));
        assert_eq!(
            t.try_all_resources_properties(
                "AWS::S3::Bucket",
                Match::object_like([("BucketEncryption", Match::any_value())])
            )
            .unwrap_err(),
            [
                "the template has 2 resources of type AWS::S3::Bucket, but 1 of them does not match:",
                "Plain (1 mismatch):",
                "  /Properties/BucketEncryption: missing (expected any_value())",
            ]
            .join("\n")
        );
        // None of the type is a failure, not a vacuous success.
        assert_eq!(
            t.try_all_resources("AWS::Lambda::Function", json!({}))
                .unwrap_err(),
            "the template has no resource of type AWS::Lambda::Function; its resource types are \
             AWS::S3::Bucket, AWS::SNS::Topic, AWS::SQS::Queue"
        );
    }

    #[test]
    fn find_resources_returns_the_matches_in_template_order() {
        let t = template();
        assert_eq!(
            ids(t.find_resources("AWS::S3::Bucket", Match::any_value())),
            ["Plain", "Logs"]
        );
        let found = t.find_resources("AWS::S3::Bucket", json!({ "DeletionPolicy": "Retain" }));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "Logs");
        assert_eq!(found[0].1["Properties"]["BucketName"], "logs");
        assert!(t
            .find_resources("AWS::S3::Bucket", json!({ "X": 1 }))
            .is_empty());
    }

    #[test]
    fn resource_id_names_the_one_match() {
        let t = template();
        assert_eq!(
            t.resource_id("AWS::S3::Bucket", json!({ "BucketName": "logs" })),
            "Logs"
        );
        assert_eq!(
            t.try_resource_id("AWS::S3::Bucket", json!({})).unwrap_err(),
            "expected one resource of type AWS::S3::Bucket with matching properties, found 2: \
             Plain, Logs"
        );
        assert!(t
            .try_resource_id("AWS::S3::Bucket", json!({ "BucketName": "x" }))
            .unwrap_err()
            .starts_with(
                "the template has 2 resources of type AWS::S3::Bucket, but none matches."
            ));
    }

    #[test]
    fn outputs_match_by_logical_id_or_any() {
        let t = template();
        t.has_output("TopicArn", json!({ "Export": { "Name": "Prod-TopicArn" } }));
        t.has_output("*", json!({ "Value": { "Fn::GetAtt": ["Logs", "Arn"] } }));
        assert_eq!(
            ids(t.find_outputs("*", Match::any_value())),
            ["LogsArn", "TopicArn"]
        );
        assert_eq!(
            ids(t.find_outputs("*", Match::object_like([("Export", Match::any_value())]))),
            ["TopicArn"]
        );
        assert_eq!(
            t.try_has_output("LogsArn", json!({ "Export": {} }))
                .unwrap_err(),
            [
                "the template has 1 output named LogsArn, but it does not match.",
                "The closest is LogsArn (1 mismatch):",
                "  /Export: missing (expected {})",
            ]
            .join("\n")
        );
        assert_eq!(
            t.try_has_output("Missing", json!({})).unwrap_err(),
            "the template has no output named Missing; its outputs are LogsArn, TopicArn"
        );
        assert_eq!(
            Template::from_json(json!({ "Resources": {} }))
                .try_has_output("*", json!({}))
                .unwrap_err(),
            "the template has no outputs"
        );
    }

    #[test]
    fn parameters_mappings_and_conditions() {
        let t = template();
        t.has_parameter("Stage", json!({ "Default": "prod" }));
        t.has_parameter("*", json!({ "Type": "AWS::SSM::Parameter::Value<String>" }));
        assert_eq!(
            ids(t.find_parameters("*", json!({ "Type": "String" }))),
            ["Stage"]
        );
        assert_eq!(
            t.try_has_parameter("*", json!({ "Type": "Number" }))
                .unwrap_err(),
            [
                "the template has 2 parameters, but none matches.",
                "The closest is Stage (1 mismatch):",
                r#"  /Type: expected "Number", got "String""#,
                "Other candidates: BootstrapVersion (1 mismatch)",
            ]
            .join("\n")
        );
        t.has_mapping("Regions", json!({ "us-east-1": { "Ami": "ami-1" } }));
        assert_eq!(ids(t.find_mappings("*", json!({}))), ["Regions"]);
        assert!(t
            .try_has_mapping("Regions", json!({ "eu-west-1": {} }))
            .is_err());
        t.has_condition(
            "IsProd",
            json!({ "Fn::Equals": [{ "Ref": "Stage" }, "prod"] }),
        );
        assert_eq!(
            ids(t.find_conditions("IsProd", Match::any_value())),
            ["IsProd"]
        );
        assert_eq!(
            t.try_has_condition("IsDev", json!({})).unwrap_err(),
            "the template has no condition named IsDev; its conditions are IsProd"
        );
    }

    #[test]
    fn template_matches_checks_the_whole_template() {
        let t = template();
        t.template_matches(json!({ "Resources": { "Alerts": { "Type": "AWS::SNS::Topic" } } }));
        assert_eq!(
            t.try_template_matches(json!({
                "Resources": { "Alerts": { "Type": "AWS::SNS::Subscription" } },
                "Rules": {}
            }))
            .unwrap_err(),
            [
                "the template does not match (2 mismatches):",
                r#"  /Resources/Alerts/Type: expected "AWS::SNS::Subscription", got "AWS::SNS::Topic""#,
                "  /Rules: missing (expected {})",
            ]
            .join("\n")
        );
        assert!(t
            .try_template_matches(Match::object_equals(json!({ "Resources": {} })))
            .is_err());
    }

    #[test]
    fn templates_come_from_json_text() {
        let t = Template::from_string(r#"{"Resources":{"A":{"Type":"AWS::SNS::Topic"}}}"#).unwrap();
        t.resource_count_is("AWS::SNS::Topic", 1);
        assert!(Template::from_string("{")
            .unwrap_err()
            .starts_with("the template is not valid JSON: "));
    }

    #[test]
    fn long_lists_of_names_are_cut() {
        assert_eq!(list(["a", "b"]), "a, b");
        let many: Vec<String> = (0..25).map(|i| format!("R{i}")).collect();
        assert!(list(&many).ends_with("R19 and 5 more"));
    }
}
