//! `Topic`: an SNS topic (standard or FIFO), its resource policy and grants; imports by ARN.

use std::cell::RefCell;
use std::rc::Rc;

use stackwright_cfn::sns::{CfnTopic, CfnTopicProps};
use stackwright_core::logical_id::make_unique_resource_name;
use stackwright_core::{Construct, Node, Scope, Stack, Val};

use super::topic_policy::{TopicPolicy, TopicPolicyProps};
use crate::arn::parse_arn;
use crate::iam::{Grant, Grantable, PolicyStatement, ResourceWithPolicy};
use crate::kms::Key;

const PUBLISH_ACTIONS: [&str; 1] = ["sns:Publish"];
/// What a publisher needs on the topic's key.
const KEY_PUBLISH_ACTIONS: [&str; 2] = ["kms:Decrypt", "kms:GenerateDataKey*"];
const FIFO_SUFFIX: &str = ".fifo";

/// Options of a [`Topic`].
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct TopicProps {
    topic_name: Option<Val<String>>,
    display_name: Option<String>,
    master_key: Option<Key>,
    fifo: Option<bool>,
}

impl TopicProps {
    /// A standard topic, encrypted by SNS's default (none).
    pub fn new() -> Self {
        Self::default()
    }

    /// The physical name (default: generated): 1 to 256 letters, digits, `-` and `_`; a FIFO
    /// topic's name ends in `.fifo`.
    pub fn topic_name(mut self, name: impl Into<Val<String>>) -> Self {
        self.topic_name = Some(name.into());
        self
    }

    /// The display name, used as the sender of SMS messages (up to 100 characters).
    pub fn display_name(mut self, name: impl Into<String>) -> Self {
        self.display_name = Some(name.into());
        self
    }

    /// Encrypts messages at rest with a customer-managed key; publishers are granted its use.
    pub fn master_key(mut self, key: &Key) -> Self {
        self.master_key = Some(key.clone());
        self
    }

    /// A FIFO topic (ordered, deduplicated delivery to SQS queues), deduplicating by content
    /// when `content_based_deduplication` is on. Without a name, one ending in `.fifo` is
    /// generated, as the CDK does.
    pub fn fifo(mut self, content_based_deduplication: bool) -> Self {
        self.fifo = Some(content_based_deduplication);
        self
    }
}

/// An SNS topic: created, or imported by ARN.
///
/// Statements added with `add_to_resource_policy`, and grants to principals of another account,
/// go into its [`TopicPolicy`], the child `Policy`, created on the first one.
///
/// ```
/// use stackwright_aws::iam::{Principal, Role, RoleProps};
/// use stackwright_aws::sns::{EmailSubscription, Topic, TopicProps};
/// use stackwright_core::{App, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "Alerts", StackProps::default());
/// let topic = Topic::new(&stack, "Orders", TopicProps::new().topic_name("orders.fifo").fifo(true));
/// let plain = Topic::new(&stack, "Ops", TopicProps::new().display_name("Ops"));
/// plain.add_subscription(&EmailSubscription::new("ops@example.com"));
/// let role = Role::new(&stack, "Publisher", RoleProps::new(Principal::service("lambda.amazonaws.com")));
/// let _ = topic.grant_publish(&role);
/// ```
#[derive(Debug, Clone)]
pub struct Topic {
    construct: Construct,
    resource: Option<CfnTopic>,
    arn: Val<String>,
    name: Val<String>,
    fifo: bool,
    account: Option<String>,
    master_key: Option<Key>,
    policy: Rc<RefCell<Option<TopicPolicy>>>,
}

impl Scope for Topic {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl Topic {
    /// Creates a topic.
    pub fn new(scope: &impl Scope, id: &str, props: TopicProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.sns.Topic");
        let node = construct.node().clone();
        let fifo = props.fifo.is_some();
        if let Some(name) = props
            .topic_name
            .as_ref()
            .and_then(|n| n.as_value().as_str())
        {
            if let Err(e) = check_topic_name(name, fifo) {
                node.add_error(e);
            }
        }
        if props
            .display_name
            .as_ref()
            .is_some_and(|d| d.chars().count() > 100)
        {
            node.add_error("the display name must be at most 100 characters");
        }
        let topic_name = match (&props.topic_name, fifo) {
            (None, true) => Some(Val::from(generated_fifo_name(&node))),
            (name, _) => name.clone(),
        };
        let mut cfn = CfnTopicProps::new();
        cfn.display_name = props.display_name.map(Val::from);
        cfn.topic_name = topic_name;
        cfn.kms_master_key_id = props.master_key.as_ref().map(Key::key_arn);
        if let Some(content_based) = props.fifo {
            if content_based {
                cfn.content_based_deduplication = Some(Val::from(true));
            }
            cfn.fifo_topic = Some(Val::from(true));
        }
        let resource = CfnTopic::new(&construct, "Resource", cfn);
        let account = Stack::of(&construct).and_then(|s| s.environment().account);
        Topic {
            construct,
            arn: resource.ref_value(),
            name: resource.get_att("TopicName"),
            resource: Some(resource),
            fifo,
            account,
            master_key: props.master_key,
            policy: Rc::default(),
        }
    }

    /// A topic that exists outside the app, by ARN (`arn:aws:sns:<region>:<account>:<name>`); a
    /// name ending in `.fifo` makes it a FIFO topic.
    pub fn from_topic_arn(scope: &impl Scope, id: &str, arn: &str) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.sns.ImportedTopic");
        let (name, account) = match parse_arn(arn) {
            Ok(p) if p.service == "sns" && !p.resource.contains(':') => {
                (p.resource, Some(p.account))
            }
            Ok(_) => {
                construct
                    .node()
                    .add_error(format!("{arn:?} is not the ARN of an SNS topic"));
                (String::new(), None)
            }
            Err(e) => {
                construct.node().add_error(e);
                (String::new(), None)
            }
        };
        Topic {
            construct,
            resource: None,
            arn: Val::from(arn),
            fifo: name.ends_with(FIFO_SUFFIX),
            name: Val::from(name),
            account: account.filter(|a| !a.is_empty()),
            master_key: None,
            policy: Rc::default(),
        }
    }

    /// The topic's ARN.
    pub fn topic_arn(&self) -> Val<String> {
        self.arn.clone()
    }

    /// The topic's name.
    pub fn topic_name(&self) -> Val<String> {
        self.name.clone()
    }

    /// True for a FIFO topic.
    pub fn is_fifo(&self) -> bool {
        self.fifo
    }

    /// The key that encrypts messages, if any.
    pub fn master_key(&self) -> Option<&Key> {
        self.master_key.as_ref()
    }

    /// The L1 resource of a created topic (escape hatch).
    pub fn resource(&self) -> Option<&CfnTopic> {
        self.resource.as_ref()
    }

    /// The topic policy, once a statement has been added.
    pub fn policy(&self) -> Option<TopicPolicy> {
        self.policy.borrow().clone()
    }

    /// Lets `grantee` perform `actions` on the topic: in its own policy in the topic's account,
    /// in the topic policy from another account.
    pub fn grant(&self, grantee: &dyn Grantable, actions: &[&str]) -> Grant {
        Grant::add_to_principal_or_resource(grantee, actions, vec![self.topic_arn()], self, None)
    }

    /// Lets `grantee` publish (`sns:Publish`), and use the topic's key to do so
    /// (`kms:Decrypt`, `kms:GenerateDataKey*`).
    pub fn grant_publish(&self, grantee: &dyn Grantable) -> Grant {
        let grant = self.grant(grantee, &PUBLISH_ACTIONS);
        if let Some(key) = &self.master_key {
            let _ = key.grant(grantee, &KEY_PUBLISH_ACTIONS);
        }
        grant
    }
}

impl ResourceWithPolicy for Topic {
    fn add_to_resource_policy(&self, statement: PolicyStatement) -> bool {
        if self.resource.is_none() {
            return false;
        }
        let mut slot = self.policy.borrow_mut();
        let policy = slot.get_or_insert_with(|| {
            TopicPolicy::new(&self.construct, "Policy", TopicPolicyProps::new([self]))
        });
        policy.add_statement(statement);
        true
    }

    fn resource_account(&self) -> Option<String> {
        self.account.clone()
    }
}

/// The name the CDK gives a FIFO topic without one: the stack's name and the ids below it,
/// joined by `-`, the path hash, and `.fifo`.
fn generated_fifo_name(node: &Node) -> String {
    let mut components = Vec::new();
    let mut below_stack = node.path();
    if let Some(stack) = Stack::of(node) {
        components.push(stack.stack_name());
        let stack_path = stack.node().path();
        below_stack = below_stack
            .strip_prefix(&stack_path)
            .unwrap_or(&below_stack)
            .trim_start_matches('/')
            .to_owned();
    }
    components.extend(below_stack.split('/').map(str::to_owned));
    let components: Vec<&str> = components.iter().map(String::as_str).collect();
    let max_len = 256 - FIFO_SUFFIX.len();
    make_unique_resource_name(&components, max_len, "-") + FIFO_SUFFIX
}

fn check_topic_name(name: &str, fifo: bool) -> Result<(), String> {
    let base = match (fifo, name.strip_suffix(FIFO_SUFFIX)) {
        (true, Some(base)) => base,
        (true, None) => return Err(format!("FIFO topic name {name:?} must end in \".fifo\"")),
        (false, Some(_)) => {
            return Err(format!(
            "topic name {name:?} ends in \".fifo\", which only FIFO topics may (TopicProps::fifo)"
        ))
        }
        (false, None) => name,
    };
    let len = name.chars().count();
    if base.is_empty() || len > 256 {
        return Err(format!(
            "topic name {name:?} must be 1 to 256 characters long (it has {len})"
        ));
    }
    match base
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        Some(c) => Err(format!(
            "topic name {name:?} contains {c:?}; only letters, digits, - and _ are allowed"
        )),
        None => Ok(()),
    }
}
