//! `Rule`: runs targets on a schedule or when an event matches its pattern.

use std::cell::RefCell;
use std::rc::Rc;

use stackwright_cfn::events::{CfnRule as CfnEventsRule, CfnRuleProps as CfnEventsRuleProps};
use stackwright_core::{Construct, Lazy, Node, Scope, Val, Value};

use super::input::RuleTargetInput;
use super::pattern::EventPattern;
use super::schedule::Schedule;
use crate::validate::{check_chars, check_literal, check_range, report};

/// Options of a [`Rule`]: a schedule, an event pattern, or both.
#[derive(Debug, Clone)]
#[must_use]
pub struct RuleProps {
    schedule: Option<Schedule>,
    pattern: Option<EventPattern>,
    enabled: bool,
    description: Option<String>,
    rule_name: Option<Val<String>>,
    event_bus: Option<Val<String>>,
}

impl Default for RuleProps {
    fn default() -> Self {
        RuleProps {
            schedule: None,
            pattern: None,
            enabled: true,
            description: None,
            rule_name: None,
            event_bus: None,
        }
    }
}

impl RuleProps {
    /// An enabled rule on the default bus; give it a schedule or a pattern.
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs the targets on a schedule.
    pub fn schedule(mut self, schedule: Schedule) -> Self {
        self.schedule = Some(schedule);
        self
    }

    /// Runs the targets for each event that matches.
    pub fn event_pattern(mut self, pattern: EventPattern) -> Self {
        self.pattern = Some(pattern);
        self
    }

    /// Enabled (default) or disabled.
    pub fn enabled(mut self, on: bool) -> Self {
        self.enabled = on;
        self
    }

    /// A description (up to 512 characters).
    pub fn description(mut self, d: impl Into<String>) -> Self {
        self.description = Some(d.into());
        self
    }

    /// The physical name (1 to 64 letters, digits, `.`, `-` and `_`).
    pub fn rule_name(mut self, name: impl Into<Val<String>>) -> Self {
        self.rule_name = Some(name.into());
        self
    }

    /// The event bus, by name or ARN (default: the account's default bus).
    pub fn event_bus(mut self, bus: impl Into<Val<String>>) -> Self {
        self.event_bus = Some(bus.into());
        self
    }
}

/// How a target is invoked: input, retries and a dead-letter queue.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct TargetOptions {
    input: Option<RuleTargetInput>,
    retry_attempts: Option<i64>,
    max_event_age_seconds: Option<i64>,
    dead_letter_queue_arn: Option<Val<String>>,
}

impl TargetOptions {
    /// The whole event as input, EventBridge's default retries, no dead-letter queue.
    pub fn new() -> Self {
        Self::default()
    }

    /// What the target receives.
    pub fn input(mut self, input: RuleTargetInput) -> Self {
        self.input = Some(input);
        self
    }

    /// Retries (0 to 185).
    pub fn retry_attempts(mut self, attempts: i64) -> Self {
        self.retry_attempts = Some(attempts);
        self
    }

    /// How long to keep retrying (60 to 86,400 seconds).
    pub fn max_event_age_seconds(mut self, seconds: i64) -> Self {
        self.max_event_age_seconds = Some(seconds);
        self
    }

    /// Where events that could not be delivered go (an SQS queue that allows
    /// `events.amazonaws.com` to send to it).
    pub fn dead_letter_queue_arn(mut self, arn: impl Into<Val<String>>) -> Self {
        self.dead_letter_queue_arn = Some(arn.into());
        self
    }

    fn problems(&self) -> Vec<String> {
        let mut problems: Vec<String> = self
            .input
            .as_ref()
            .and_then(RuleTargetInput::problem)
            .into_iter()
            .collect();
        if let Some(n) = self.retry_attempts {
            problems.extend(check_range("retry attempts", n, 0, 185).err());
        }
        if let Some(s) = self.max_event_age_seconds {
            problems.extend(check_range("maximum event age (seconds)", s, 60, 86400).err());
        }
        problems
    }
}

/// What a target contributes to a rule: its ARN, the role EventBridge assumes (if any), and its
/// options.
#[derive(Debug, Clone)]
#[must_use]
pub struct TargetConfig {
    arn: Val<String>,
    role_arn: Option<Val<String>>,
    options: TargetOptions,
}

impl TargetConfig {
    /// A target at `arn`, invoked with `options`.
    pub fn new(arn: impl Into<Val<String>>, options: TargetOptions) -> Self {
        TargetConfig {
            arn: arn.into(),
            role_arn: None,
            options,
        }
    }

    /// The role EventBridge assumes to reach the target.
    pub fn role_arn(mut self, arn: impl Into<Val<String>>) -> Self {
        self.role_arn = Some(arn.into());
        self
    }

    /// The target's entry of the rule's `Targets`, keys in template order.
    fn render(&self, index: usize) -> Value {
        let mut entries: Vec<(&str, Value)> = vec![
            ("Arn", self.arn.as_value().clone()),
            ("Id", Value::from(format!("Target{index}"))),
        ];
        if let Some(arn) = &self.options.dead_letter_queue_arn {
            entries.push((
                "DeadLetterConfig",
                Value::map_of([("Arn", arn.as_value().clone())]),
            ));
        }
        if let Some(input) = &self.options.input {
            entries.extend(input.entries());
        }
        let mut retry = Vec::new();
        if let Some(s) = self.options.max_event_age_seconds {
            retry.push(("MaximumEventAgeInSeconds", Value::from(s)));
        }
        if let Some(n) = self.options.retry_attempts {
            retry.push(("MaximumRetryAttempts", Value::from(n)));
        }
        if !retry.is_empty() {
            entries.push(("RetryPolicy", Value::map_of(retry)));
        }
        if let Some(role) = &self.role_arn {
            entries.push(("RoleArn", role.as_value().clone()));
        }
        entries.sort_by_key(|(k, _)| *k);
        Value::map_of(entries)
    }
}

/// Something a rule can invoke. Binding creates what the target needs to be invoked (a Lambda
/// permission, a role for EventBridge, a topic policy statement).
pub trait RuleTarget {
    /// Binds the target to `rule` and returns its configuration.
    fn bind(&self, rule: &Rule) -> TargetConfig;
}

/// An EventBridge rule.
///
/// ```
/// use stackwright_aws::events::{Cron, Rule, RuleProps, Schedule};
/// use stackwright_core::{App, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "Etl", StackProps::default());
/// let nightly = Rule::new(&stack, "Nightly", RuleProps::new().schedule(Schedule::cron(Cron::new().minute("0").hour("2"))));
/// let _arn = nightly.rule_arn();
/// ```
#[derive(Debug, Clone)]
pub struct Rule {
    construct: Construct,
    resource: CfnEventsRule,
    targets: Rc<RefCell<Vec<TargetConfig>>>,
}

impl Scope for Rule {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

/// EventBridge's limit of targets per rule.
const MAX_TARGETS: usize = 5;

impl Rule {
    /// Creates the rule; invalid settings are reported with its path.
    pub fn new(scope: &impl Scope, id: &str, props: RuleProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.events.Rule");
        let node = construct.node().clone();
        match (&props.schedule, &props.pattern) {
            (None, None) => node.add_error("a rule needs a schedule or an event pattern"),
            (_, Some(p)) if p.is_empty() => {
                node.add_error("the event pattern is empty: it must set at least one field")
            }
            _ => {}
        }
        if let Some(problem) = props.schedule.as_ref().and_then(Schedule::problem) {
            node.add_error(problem.to_owned());
        }
        if props
            .description
            .as_ref()
            .is_some_and(|d| d.chars().count() > 512)
        {
            node.add_error("the rule description must be at most 512 characters");
        }
        if let Some(name) = &props.rule_name {
            report(
                &node,
                check_literal("rule name", name, |s| {
                    check_chars(
                        s,
                        1,
                        64,
                        |c| c.is_ascii_alphanumeric() || ".-_".contains(c),
                        "letters, digits, '.', '-' and '_'",
                    )
                }),
            );
        }
        let mut cfn =
            CfnEventsRuleProps::new().state(if props.enabled { "ENABLED" } else { "DISABLED" });
        cfn.description = props.description.map(Val::from);
        cfn.name = props.rule_name;
        cfn.event_bus_name = props.event_bus;
        cfn.schedule_expression = props.schedule.map(|s| Val::from(s.expression_string()));
        cfn.event_pattern = props.pattern.map(|p| Val::unchecked(p.to_value()));
        let resource = CfnEventsRule::new(&construct, "Resource", cfn);
        let targets: Rc<RefCell<Vec<TargetConfig>>> = Rc::default();
        let counted = Rc::clone(&targets);
        node.add_validation(move || {
            let count = counted.borrow().len();
            if count > MAX_TARGETS {
                vec![format!(
                    "a rule takes at most {MAX_TARGETS} targets, not {count}"
                )]
            } else {
                Vec::new()
            }
        });
        Rule {
            construct,
            resource,
            targets,
        }
    }

    /// Adds a target (`Target0`, `Target1`, ... in the order added).
    pub fn add_target(&self, target: &dyn RuleTarget) {
        let config = target.bind(self);
        for problem in config.options.problems() {
            self.node().add_error(problem);
        }
        let mut targets = self.targets.borrow_mut();
        if targets.is_empty() {
            let rendered = Rc::clone(&self.targets);
            self.resource.update(|p| {
                p.targets = Some(Val::unchecked(Lazy::new(move || {
                    Value::List(
                        rendered
                            .borrow()
                            .iter()
                            .enumerate()
                            .map(|(i, t)| t.render(i))
                            .collect(),
                    )
                })));
            });
        }
        targets.push(config);
    }

    /// The rule's ARN.
    pub fn rule_arn(&self) -> Val<String> {
        self.resource.attr_arn()
    }

    /// The rule's name.
    pub fn rule_name(&self) -> Val<String> {
        self.resource.ref_value()
    }

    /// The L1 resource (escape hatch).
    pub fn resource(&self) -> &CfnEventsRule {
        &self.resource
    }
}
