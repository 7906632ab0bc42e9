//! References to the resources tasks use, as values: a name or an ARN, literal or a
//! CloudFormation reference. Each converts from strings and `Val<String>`; an L2 construct
//! converts too (`&lambda::Function`, `&StateMachine`), and more will as their L2s arrive.

use stackwright_core::Val;

macro_rules! reference {
    ($($(#[$doc:meta])* $name:ident($field:ident, $what:literal);)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name {
            $field: Val<String>,
        }

        impl $name {
            #[doc = concat!("The ", $what, ".")]
            pub fn $field(&self) -> Val<String> {
                self.$field.clone()
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                $name { $field: Val::from(value) }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                $name { $field: Val::from(value) }
            }
        }

        impl From<Val<String>> for $name {
            fn from(value: Val<String>) -> Self {
                $name { $field: value }
            }
        }

        impl From<&Val<String>> for $name {
            fn from(value: &Val<String>) -> Self {
                $name { $field: value.clone() }
            }
        }
    )*};
}

reference! {
    /// A Glue job, by name.
    GlueJobRef(job_name, "job's name");
    /// An SNS topic, by ARN (an `sns::CfnTopic`'s `ref_value()`).
    TopicRef(topic_arn, "topic's ARN");
    /// A DynamoDB table, by name (a `dynamodb::CfnTable`'s `ref_value()`).
    TableRef(table_name, "table's name");
    /// An EventBridge event bus, by ARN.
    EventBusRef(event_bus_arn, "event bus's ARN");
    /// A state machine, by ARN.
    StateMachineRef(state_machine_arn, "state machine's ARN");
    /// A Lambda function, by ARN.
    FunctionRef(function_arn, "function's ARN");
    /// A CloudWatch Logs log group, by ARN (a `logs::CfnLogGroup`'s `attr_arn()`).
    LogGroupRef(log_group_arn, "log group's ARN");
}

#[cfg(feature = "lambda")]
impl From<&crate::lambda::Function> for FunctionRef {
    fn from(function: &crate::lambda::Function) -> Self {
        FunctionRef {
            function_arn: function.function_arn(),
        }
    }
}

impl From<&super::StateMachine> for StateMachineRef {
    fn from(machine: &super::StateMachine) -> Self {
        StateMachineRef {
            state_machine_arn: machine.state_machine_arn(),
        }
    }
}
