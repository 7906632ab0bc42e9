//! Runtimes, architectures and tracing modes.

/// The runtimes Lambda currently supports for new functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)] // The variants are the runtime names.
pub enum Runtime {
    Python3_9,
    Python3_10,
    Python3_11,
    Python3_12,
    Python3_13,
    Nodejs18,
    Nodejs20,
    Nodejs22,
    Java11,
    Java17,
    Java21,
    Dotnet8,
    Ruby3_3,
    /// An OS-only runtime on Amazon Linux 2 (custom runtimes).
    ProvidedAl2,
    /// An OS-only runtime on Amazon Linux 2023: the one for Rust functions (`bootstrap`).
    ProvidedAl2023,
}

impl Runtime {
    /// The runtime identifier written in the template.
    pub fn name(self) -> &'static str {
        match self {
            Runtime::Python3_9 => "python3.9",
            Runtime::Python3_10 => "python3.10",
            Runtime::Python3_11 => "python3.11",
            Runtime::Python3_12 => "python3.12",
            Runtime::Python3_13 => "python3.13",
            Runtime::Nodejs18 => "nodejs18.x",
            Runtime::Nodejs20 => "nodejs20.x",
            Runtime::Nodejs22 => "nodejs22.x",
            Runtime::Java11 => "java11",
            Runtime::Java17 => "java17",
            Runtime::Java21 => "java21",
            Runtime::Dotnet8 => "dotnet8",
            Runtime::Ruby3_3 => "ruby3.3",
            Runtime::ProvidedAl2 => "provided.al2",
            Runtime::ProvidedAl2023 => "provided.al2023",
        }
    }

    /// Whether inline code (`ZipFile`) is allowed: only for Python and Node.js.
    pub fn supports_inline_code(self) -> bool {
        self.name().starts_with("python") || self.name().starts_with("nodejs")
    }
}

/// The instruction set of a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Architecture {
    /// `x86_64` (the default).
    #[default]
    X86_64,
    /// `arm64` (Graviton).
    Arm64,
}

impl Architecture {
    /// The name written in the template.
    pub fn name(self) -> &'static str {
        match self {
            Architecture::X86_64 => "x86_64",
            Architecture::Arm64 => "arm64",
        }
    }
}

/// X-Ray tracing of a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tracing {
    /// Sample and trace requests (adds the X-Ray write permissions to the role).
    Active,
    /// Trace only requests that arrive traced.
    PassThrough,
}

impl Tracing {
    /// The mode written in the template.
    pub fn mode(self) -> &'static str {
        match self {
            Tracing::Active => "Active",
            Tracing::PassThrough => "PassThrough",
        }
    }
}
