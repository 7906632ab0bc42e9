//! `TopicPolicy`: the resource policy of SNS topics (`AWS::SNS::TopicPolicy`).

use std::cell::RefCell;
use std::rc::Rc;

use stackwright_cfn::sns::{CfnTopicPolicy, CfnTopicPolicyProps};
use stackwright_core::{Construct, Lazy, Node, Scope, Val, Value};

use super::topic::Topic;
use crate::iam::{PolicyDocument, PolicyStatement};

/// Options of a [`TopicPolicy`].
#[derive(Debug, Clone)]
#[must_use]
pub struct TopicPolicyProps {
    topics: Vec<Val<String>>,
    statements: Vec<PolicyStatement>,
}

impl TopicPolicyProps {
    /// A policy for `topics`.
    pub fn new<'a>(topics: impl IntoIterator<Item = &'a Topic>) -> Self {
        TopicPolicyProps {
            topics: topics.into_iter().map(Topic::topic_arn).collect(),
            statements: Vec::new(),
        }
    }

    /// Adds a statement.
    pub fn statement(mut self, statement: PolicyStatement) -> Self {
        self.statements.push(statement);
        self
    }
}

/// The resource policy of one or more topics. A [`Topic`] creates its own (the child `Policy`)
/// on the first statement added with `add_to_resource_policy` or a cross-account grant; create
/// one directly only to share it between topics. Statements without an id get their position as
/// id (`"0"`, `"1"`, ...), as the CDK writes them.
///
/// ```
/// use stackwright_aws::iam::{PolicyStatement, Principal};
/// use stackwright_aws::sns::{Topic, TopicPolicy, TopicPolicyProps, TopicProps};
/// use stackwright_core::{App, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "Alerts", StackProps::default());
/// let topic = Topic::new(&stack, "Topic", TopicProps::new());
/// let policy = TopicPolicy::new(&stack, "SharedPolicy", TopicPolicyProps::new([&topic]));
/// policy.add_statement(
///     PolicyStatement::allow()
///         .action("sns:Publish")
///         .principal(Principal::service("events.amazonaws.com"))
///         .resource(topic.topic_arn()),
/// );
/// ```
#[derive(Debug, Clone)]
pub struct TopicPolicy {
    construct: Construct,
    resource: CfnTopicPolicy,
    document: Rc<RefCell<PolicyDocument>>,
}

impl Scope for TopicPolicy {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl TopicPolicy {
    /// Creates the policy; its document is written as it is at synthesis.
    pub fn new(scope: &impl Scope, id: &str, props: TopicPolicyProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.sns.TopicPolicy");
        let document = Rc::new(RefCell::new(PolicyDocument::new().assign_sids(true)));
        let rendered = Rc::clone(&document);
        let topics = Value::list_of(props.topics.iter().map(Val::as_value).cloned());
        let resource = CfnTopicPolicy::new(
            &construct,
            "Resource",
            CfnTopicPolicyProps::new(
                Lazy::new(move || rendered.borrow().to_value()),
                Val::<Vec<String>>::unchecked(topics),
            ),
        );
        if props.topics.is_empty() {
            construct
                .node()
                .add_error("the topic policy applies to no topic");
        }
        let checked = Rc::clone(&document);
        construct.node().add_validation(move || {
            if checked.borrow().is_empty() {
                vec!["the topic policy has no statement".to_owned()]
            } else {
                Vec::new()
            }
        });
        let policy = TopicPolicy {
            construct,
            resource,
            document,
        };
        for statement in props.statements {
            policy.add_statement(statement);
        }
        policy
    }

    /// Adds a statement; an invalid one (no principal, malformed action) is reported with this
    /// policy's path.
    pub fn add_statement(&self, statement: PolicyStatement) {
        for problem in statement.validate_for_resource_policy() {
            self.node().add_error(problem);
        }
        self.document.borrow_mut().add_statement(statement);
    }

    /// A copy of the document as it is now.
    pub fn document(&self) -> PolicyDocument {
        self.document.borrow().clone()
    }

    /// The L1 resource (escape hatch).
    pub fn resource(&self) -> &CfnTopicPolicy {
        &self.resource
    }
}
