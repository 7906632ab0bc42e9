//! `LayerVersion`: shared code and libraries for functions.

use stackwright_cfn::lambda::{CfnLayerVersion, CfnLayerVersionProps};
use stackwright_core::{Construct, Node, Scope, Val, Value};

use super::code::Code;
use super::runtime::{Architecture, Runtime};

/// Options of a [`LayerVersion`].
#[derive(Debug, Clone)]
#[must_use]
pub struct LayerVersionProps {
    code: Code,
    compatible_runtimes: Vec<Runtime>,
    compatible_architectures: Vec<Architecture>,
    description: Option<String>,
    layer_name: Option<String>,
    license: Option<String>,
}

impl LayerVersionProps {
    /// A layer of this code (an asset or a bucket object; not inline).
    pub fn new(code: Code) -> Self {
        LayerVersionProps {
            code,
            compatible_runtimes: Vec::new(),
            compatible_architectures: Vec::new(),
            description: None,
            layer_name: None,
            license: None,
        }
    }

    /// A runtime the layer works with.
    pub fn compatible_runtime(mut self, runtime: Runtime) -> Self {
        self.compatible_runtimes.push(runtime);
        self
    }

    /// An architecture the layer works with.
    pub fn compatible_architecture(mut self, architecture: Architecture) -> Self {
        self.compatible_architectures.push(architecture);
        self
    }

    /// A description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The layer's name.
    pub fn layer_name(mut self, name: impl Into<String>) -> Self {
        self.layer_name = Some(name.into());
        self
    }

    /// The license (an SPDX identifier or a URL).
    pub fn license(mut self, license: impl Into<String>) -> Self {
        self.license = Some(license.into());
        self
    }
}

/// A Lambda layer version.
///
/// ```no_run
/// use stackwright_aws::lambda::{Code, LayerVersion, LayerVersionProps, Runtime};
/// use stackwright_core::{App, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "Etl", StackProps::default());
/// let layer = LayerVersion::new(&stack, "Deps", LayerVersionProps::new(Code::from_asset("layers/deps"))
///     .compatible_runtime(Runtime::Python3_12));
/// ```
#[derive(Debug, Clone)]
pub struct LayerVersion {
    construct: Construct,
    resource: CfnLayerVersion,
}

impl Scope for LayerVersion {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl LayerVersion {
    /// Creates the layer version.
    pub fn new(scope: &impl Scope, id: &str, props: LayerVersionProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.lambda.LayerVersion");
        if matches!(props.code, Code::Inline(_)) {
            construct
                .node()
                .add_error("a layer cannot have inline code: use an asset or a bucket object");
        }
        if props.compatible_runtimes.len() > 15 {
            construct
                .node()
                .add_error("a layer lists at most 15 compatible runtimes");
        }
        let content = Value::map_of(
            props
                .code
                .render(&construct)
                .into_iter()
                .filter(|(k, _)| *k != "ZipFile"),
        );
        let mut cfn = CfnLayerVersionProps::new(Val::unchecked(content));
        if !props.compatible_runtimes.is_empty() {
            let names: Vec<&str> = props.compatible_runtimes.iter().map(|r| r.name()).collect();
            cfn = cfn.compatible_runtimes(names);
        }
        if !props.compatible_architectures.is_empty() {
            let names: Vec<&str> = props
                .compatible_architectures
                .iter()
                .map(|a| a.name())
                .collect();
            cfn = cfn.compatible_architectures(names);
        }
        cfn.description = props.description.map(Val::from);
        cfn.layer_name = props.layer_name.map(Val::from);
        cfn.license_info = props.license.map(Val::from);
        let resource = CfnLayerVersion::new(&construct, "Resource", cfn);
        LayerVersion {
            construct,
            resource,
        }
    }

    /// The layer version's ARN.
    pub fn layer_version_arn(&self) -> Val<String> {
        self.resource.ref_value()
    }

    /// The L1 resource (escape hatch).
    pub fn resource(&self) -> &CfnLayerVersion {
        &self.resource
    }
}
