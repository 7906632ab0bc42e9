//! Targets of other services' constructs: Lambda functions.

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
