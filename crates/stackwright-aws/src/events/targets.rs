//! Targets of other services' constructs: Lambda functions, Step Functions state machines and
//! SNS topics, each granting EventBridge what it needs as aws-cdk-lib's targets do.

use stackwright_core::{logical_id::make_unique_id, Scope};

use super::rule::{Rule, RuleTarget, TargetConfig, TargetOptions};
use crate::iam::Principal;
use crate::lambda::{Function, Permission};

/// A Lambda function as a rule target: the rule gets permission to invoke it (an
/// `AWS::Lambda::Permission` beside the rule, named as the CDK names it).
#[derive(Debug, Clone)]
pub struct LambdaFunctionTarget {
    function: Function,
    options: TargetOptions,
}

impl LambdaFunctionTarget {
    /// Invokes `function` with the event.
    pub fn new(function: &Function) -> Self {
        LambdaFunctionTarget {
            function: function.clone(),
            options: TargetOptions::new(),
        }
    }

    /// Sets the input, retries and dead-letter queue.
    #[must_use]
    pub fn options(mut self, options: TargetOptions) -> Self {
        self.options = options;
        self
    }
}

impl RuleTarget for LambdaFunctionTarget {
    fn bind(&self, rule: &Rule) -> TargetConfig {
        let function_path = self.function.node().path();
        let components: Vec<&str> = function_path.split('/').collect();
        let id = format!("AllowEventRule{}", make_unique_id(&components));
        let permission =
            Permission::new(Principal::service("events.amazonaws.com")).source_arn(rule.rule_arn());
        // Beside the rule, in the rule's stack (as the CDK does), so that a function of another
        // stack is only imported, never depending back on the rule's stack.
        if rule.node().try_find_child(&id).is_none() {
            self.function.add_permission_in(rule, &id, permission);
        }
        TargetConfig::new(self.function.function_arn(), self.options.clone())
    }
}

/// A Step Functions state machine as a rule target: EventBridge assumes a role that may start
/// executions of exactly this state machine. Unless a role is given, the role is the state
/// machine's child `EventsRole` (one per state machine, shared by every rule targeting it), as
/// aws-cdk-lib creates it.
///
/// ```
/// use stackwright_aws::events::{EventPattern, Rule, RuleProps, SfnStateMachineTarget};
/// use stackwright_aws::stepfunctions::{Definition, Pass, PassProps, StateMachine, StateMachineProps};
/// use stackwright_core::{App, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "Etl", StackProps::default());
/// let definition = Definition::new();
/// let machine = StateMachine::new(&stack, "Pipeline", StateMachineProps::new(&Pass::new(&definition, "Start", PassProps::new())));
/// let rule = Rule::new(&stack, "OnRaw", RuleProps::new().event_pattern(EventPattern::s3_object_created("raw", Some("incoming/"))));
/// rule.add_target(&SfnStateMachineTarget::new(&machine));
/// ```
#[cfg(feature = "stepfunctions")]
#[derive(Debug, Clone)]
pub struct SfnStateMachineTarget {
    machine: crate::stepfunctions::StateMachine,
    role: Option<crate::iam::Role>,
    options: TargetOptions,
}

#[cfg(feature = "stepfunctions")]
impl SfnStateMachineTarget {
    /// Starts an execution of `machine` with the event as its input.
    pub fn new(machine: &crate::stepfunctions::StateMachine) -> Self {
        SfnStateMachineTarget {
            machine: machine.clone(),
            role: None,
            options: TargetOptions::new(),
        }
    }

    /// The role EventBridge assumes (it is granted `states:StartExecution` on the state
    /// machine); default: the state machine's `EventsRole`.
    #[must_use]
    pub fn role(mut self, role: &crate::iam::Role) -> Self {
        self.role = Some(role.clone());
        self
    }

    /// Sets the input (the execution's input), retries and dead-letter queue.
    #[must_use]
    pub fn options(mut self, options: TargetOptions) -> Self {
        self.options = options;
        self
    }
}

#[cfg(feature = "stepfunctions")]
impl RuleTarget for SfnStateMachineTarget {
    fn bind(&self, _rule: &Rule) -> TargetConfig {
        let role = self
            .role
            .clone()
            .unwrap_or_else(|| self.machine.events_role());
        let _ = self.machine.grant_start_execution(&role);
        TargetConfig::new(self.machine.state_machine_arn(), self.options.clone())
            .role_arn(role.role_arn())
    }
}

/// An SNS topic as a rule target: the topic's policy lets `events.amazonaws.com` publish to it
/// (and a topic encrypted with a key of the app lets it use the key), as aws-cdk-lib's
/// `SnsTopic` target writes it. An imported topic's policy cannot be changed: it must already
/// allow EventBridge, and the rule gets a warning saying so.
///
/// ```
/// use stackwright_aws::events::{Cron, Rule, RuleProps, RuleTargetInput, Schedule, SnsTopicTarget, TargetOptions};
/// use stackwright_aws::sns::{Topic, TopicProps};
/// use stackwright_core::{App, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "Ops", StackProps::default());
/// let topic = Topic::new(&stack, "Alerts", TopicProps::new());
/// let daily = Rule::new(&stack, "Daily", RuleProps::new().schedule(Schedule::cron(Cron::new().minute("0").hour("8"))));
/// daily.add_target(
///     &SnsTopicTarget::new(&topic).options(TargetOptions::new().input(RuleTargetInput::from_text("check the dashboards"))),
/// );
/// ```
#[cfg(feature = "sns")]
#[derive(Debug, Clone)]
pub struct SnsTopicTarget {
    topic: crate::sns::Topic,
    options: TargetOptions,
}

#[cfg(feature = "sns")]
impl SnsTopicTarget {
    /// Publishes the event to `topic`.
    pub fn new(topic: &crate::sns::Topic) -> Self {
        SnsTopicTarget {
            topic: topic.clone(),
            options: TargetOptions::new(),
        }
    }

    /// Sets the input (the message), retries and dead-letter queue.
    #[must_use]
    pub fn options(mut self, options: TargetOptions) -> Self {
        self.options = options;
        self
    }
}

#[cfg(feature = "sns")]
impl RuleTarget for SnsTopicTarget {
    fn bind(&self, rule: &Rule) -> TargetConfig {
        let grant = self
            .topic
            .grant_publish(&Principal::service("events.amazonaws.com"));
        if !grant.success() {
            rule.node().add_warning(format!(
                "the topic {} is imported: its policy must allow events.amazonaws.com to publish \
                 (sns:Publish), or the rule cannot deliver to it",
                self.topic.node().path()
            ));
        }
        TargetConfig::new(self.topic.topic_arn(), self.options.clone())
    }
}
