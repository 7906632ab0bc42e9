//! The hand-written support of the generated code: rendering helpers and the resource handle
//! macro, so that each of the generated types stays a few lines of data instead of repeating
//! the same bodies thousands of times (compile time matters at 1,898 types).

use stackwright_core::{Properties, Val, Value};

// Every generated body that is not generic is `#[inline]`: this crate type-checks it and encodes
// it in its metadata, and only a crate that uses the type generates code for it. The helpers are
// `#[inline]` and generic over the field type, so they too are only instantiated where used.

/// Renders a required property (by value) under its CloudFormation name.
#[inline]
pub(crate) fn req<T>(p: &mut Properties, key: &str, v: Val<T>) {
    p.insert(key.to_owned(), v.into_value());
}

/// Renders an optional property (by value) under its CloudFormation name; an absent one is left
/// out.
#[inline]
pub(crate) fn opt<T>(p: &mut Properties, key: &str, v: Option<Val<T>>) {
    if let Some(v) = v {
        p.insert(key.to_owned(), v.into_value());
    }
}

/// Gives an optional property that is set to a props visitor (`for_each_property`) under its
/// CloudFormation name; an absent one is skipped.
#[inline]
pub(crate) fn visit<T>(f: &mut dyn FnMut(&str, &Value), key: &str, v: &Option<Val<T>>) {
    if let Some(v) = v {
        f(key, v.as_value());
    }
}

/// Defines the handle of an L1 resource: a typed wrapper of a [`CfnResource`] created from its
/// typed props, with `Ref`, `update`, `Deref` to the resource (escape hatches: overrides,
/// dependencies, removal policy) and [`Scope`](stackwright_core::Scope).
///
/// [`CfnResource`]: stackwright_core::CfnResource
macro_rules! resource_handle {
    ($(#[$meta:meta])* $handle:ident, $props:ident, $type_name:literal) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $handle {
            resource: stackwright_core::CfnResource,
        }

        impl $handle {
            #[doc = concat!("The CloudFormation type name, `", $type_name, "`.")]
            pub const TYPE_NAME: &'static str = $type_name;

            /// Creates the resource in `scope`; its logical id is computed from its path.
            pub fn new(scope: &impl stackwright_core::Scope, id: &str, props: $props) -> Self {
                Self { resource: stackwright_core::CfnResource::from_props(scope, id, props) }
            }

            /// `{"Ref": <this resource>}`.
            #[inline]
            pub fn ref_value(&self) -> stackwright_core::Val<String> {
                self.resource.ref_value()
            }

            /// Changes the typed properties in place.
            pub fn update(&self, f: impl FnOnce(&mut $props)) {
                let updated = self.resource.update_props::<$props>(f);
                debug_assert!(updated, "a typed handle always holds its own props type");
            }

            /// The untyped resource (also reachable through `Deref`).
            #[inline]
            pub fn resource(&self) -> &stackwright_core::CfnResource {
                &self.resource
            }
        }

        impl std::ops::Deref for $handle {
            type Target = stackwright_core::CfnResource;

            #[inline]
            fn deref(&self) -> &stackwright_core::CfnResource {
                &self.resource
            }
        }

        impl stackwright_core::Scope for $handle {
            #[inline]
            fn node(&self) -> &stackwright_core::Node {
                stackwright_core::Scope::node(&self.resource)
            }
        }
    };
}
pub(crate) use resource_handle;
