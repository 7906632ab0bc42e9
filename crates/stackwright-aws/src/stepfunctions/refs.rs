//! References to the resources tasks use, as values: a name or an ARN, literal or a
//! CloudFormation reference. Each converts from strings and `Val<String>`, and from the L2
//! construct it names when that construct's feature is on: `&glue::Job`, `&sns::Topic`,
//! `&dynamodb::Table`, `&lambda::Function`, `&logs::LogGroup`, `&StateMachine`.

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
    /// A Glue job, by name (a `&glue::Job` converts).
    GlueJobRef(job_name, "job's name");
    /// An SNS topic, by ARN (a `&sns::Topic` converts; so does an `sns::CfnTopic`'s
    /// `ref_value()`).
    TopicRef(topic_arn, "topic's ARN");
    /// A DynamoDB table, by name (a `&dynamodb::Table` converts; so does a
    /// `dynamodb::CfnTable`'s `ref_value()`).
    TableRef(table_name, "table's name");
    /// An EventBridge event bus, by ARN.
    EventBusRef(event_bus_arn, "event bus's ARN");
    /// A state machine, by ARN.
    StateMachineRef(state_machine_arn, "state machine's ARN");
    /// A Lambda function, by ARN (a `&lambda::Function` converts).
    FunctionRef(function_arn, "function's ARN");
    /// A CloudWatch Logs log group, by ARN (a `&logs::LogGroup` converts; so does a
    /// `logs::CfnLogGroup`'s `attr_arn()`).
    LogGroupRef(log_group_arn, "log group's ARN");
}

/// `impl From<&$construct> for $reference` taking the value `$method` of the construct.
macro_rules! from_construct {
    ($($feature:literal: $construct:ty => $reference:ident { $field:ident: $method:ident })*) => {$(
        #[cfg(feature = $feature)]
        impl From<&$construct> for $reference {
            fn from(construct: &$construct) -> Self {
                $reference { $field: construct.$method() }
            }
        }
    )*};
}

from_construct! {
    "glue": crate::glue::Job => GlueJobRef { job_name: job_name }
    "sns": crate::sns::Topic => TopicRef { topic_arn: topic_arn }
    "dynamodb": crate::dynamodb::Table => TableRef { table_name: table_name }
    "lambda": crate::lambda::Function => FunctionRef { function_arn: function_arn }
    "logs": crate::logs::LogGroup => LogGroupRef { log_group_arn: log_group_arn }
}

impl From<&super::StateMachine> for StateMachineRef {
    fn from(machine: &super::StateMachine) -> Self {
        StateMachineRef {
            state_machine_arn: machine.state_machine_arn(),
        }
    }
}
