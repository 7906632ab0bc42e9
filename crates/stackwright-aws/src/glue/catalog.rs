//! The Data Catalog: databases and tables (typed columns, partition keys, location, format).

use stackwright_cfn::glue::{CfnDatabase, CfnDatabaseProps, CfnTable, CfnTableProps};
use stackwright_core::{Aws, Construct, Node, Scope, Stack, Val, Value};

use crate::validate::{check_chars, report};

/// The catalog of the stack's account.
fn catalog_id(scope: &impl Scope) -> Val<String> {
    Stack::of(scope).map_or_else(Aws::account_id, |s| s.account())
}

fn check_catalog_name(what: &str, name: &str, hyphens: bool) -> Result<(), String> {
    let allowed =
        |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || (hyphens && c == '-');
    let text = if hyphens {
        "lowercase letters, digits, _ and -"
    } else {
        "lowercase letters, digits and _"
    };
    check_chars(name, 1, 255, allowed, text)
        .map_err(|e| format!("{what} {name:?} {e} (as Athena reads it)"))
}

/// Options of a [`Database`].
#[derive(Debug, Clone)]
#[must_use]
pub struct DatabaseProps {
    name: String,
    description: Option<String>,
    location_uri: Option<Val<String>>,
}

impl DatabaseProps {
    /// A database named `name` (lowercase letters, digits, `_` and `-`).
    pub fn new(name: impl Into<String>) -> Self {
        DatabaseProps {
            name: name.into(),
            description: None,
            location_uri: None,
        }
    }

    /// A description.
    pub fn description(mut self, d: impl Into<String>) -> Self {
        self.description = Some(d.into());
        self
    }

    /// Where its tables live by default (`s3://bucket/prefix/`).
    pub fn location_uri(mut self, uri: impl Into<Val<String>>) -> Self {
        self.location_uri = Some(uri.into());
        self
    }
}

/// A Glue database.
#[derive(Debug, Clone)]
pub struct Database {
    construct: Construct,
    resource: CfnDatabase,
}

impl Scope for Database {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl Database {
    /// Creates the database.
    pub fn new(scope: &impl Scope, id: &str, props: DatabaseProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.glue.Database");
        report(
            construct.node(),
            check_catalog_name("database name", &props.name, true),
        );
        let mut input = vec![];
        if let Some(d) = props.description {
            input.push(("Description", Value::from(d)));
        }
        if let Some(l) = props.location_uri {
            input.push(("LocationUri", l.into_value()));
        }
        input.push(("Name", Value::from(props.name)));
        let resource = CfnDatabase::new(
            &construct,
            "Resource",
            CfnDatabaseProps::new(catalog_id(&construct), Val::unchecked(Value::map_of(input))),
        );
        Database {
            construct,
            resource,
        }
    }

    /// The database's name.
    pub fn database_name(&self) -> Val<String> {
        self.resource.ref_value()
    }

    /// The L1 resource (escape hatch).
    pub fn resource(&self) -> &CfnDatabase {
        &self.resource
    }
}

/// The type of a column.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)] // The variants are the Hive type names.
pub enum ColumnType {
    String,
    Int,
    BigInt,
    SmallInt,
    TinyInt,
    Double,
    Float,
    Boolean,
    Date,
    Timestamp,
    Binary,
    /// `decimal(precision, scale)`.
    Decimal(u8, u8),
    /// `array<item>`.
    Array(Box<ColumnType>),
    /// `map<key, value>`.
    Map(Box<ColumnType>, Box<ColumnType>),
    /// Any other Hive type, written as given (`struct<a:int,b:string>`).
    Other(String),
}

impl ColumnType {
    /// The type as the catalog writes it.
    pub fn name(&self) -> String {
        match self {
            ColumnType::String => "string".into(),
            ColumnType::Int => "int".into(),
            ColumnType::BigInt => "bigint".into(),
            ColumnType::SmallInt => "smallint".into(),
            ColumnType::TinyInt => "tinyint".into(),
            ColumnType::Double => "double".into(),
            ColumnType::Float => "float".into(),
            ColumnType::Boolean => "boolean".into(),
            ColumnType::Date => "date".into(),
            ColumnType::Timestamp => "timestamp".into(),
            ColumnType::Binary => "binary".into(),
            ColumnType::Decimal(p, s) => format!("decimal({p},{s})"),
            ColumnType::Array(item) => format!("array<{}>", item.name()),
            ColumnType::Map(k, v) => format!("map<{},{}>", k.name(), v.name()),
            ColumnType::Other(t) => t.clone(),
        }
    }
}

/// A column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    name: String,
    column_type: ColumnType,
    comment: Option<String>,
}

impl Column {
    /// A column `name` of `column_type`.
    pub fn new(name: impl Into<String>, column_type: ColumnType) -> Self {
        Column {
            name: name.into(),
            column_type,
            comment: None,
        }
    }

    /// A comment.
    #[must_use]
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    fn to_value(&self) -> Value {
        let mut entries = vec![];
        if let Some(c) = &self.comment {
            entries.push(("Comment", Value::from(c.as_str())));
        }
        entries.push(("Name", Value::from(self.name.as_str())));
        entries.push(("Type", Value::from(self.column_type.name())));
        Value::map_of(entries)
    }
}

/// How a table's files are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFormat {
    /// Apache Parquet.
    Parquet,
    /// Apache ORC.
    Orc,
    /// Comma-separated values with a header line.
    Csv,
    /// JSON, one object per line.
    Json,
}

impl DataFormat {
    fn classification(self) -> &'static str {
        match self {
            DataFormat::Parquet => "parquet",
            DataFormat::Orc => "orc",
            DataFormat::Csv => "csv",
            DataFormat::Json => "json",
        }
    }

    /// `(input format, output format, serde library, serde parameters)`.
    fn storage(
        self,
    ) -> (
        &'static str,
        &'static str,
        &'static str,
        Vec<(&'static str, &'static str)>,
    ) {
        const TEXT_IN: &str = "org.apache.hadoop.mapred.TextInputFormat";
        const TEXT_OUT: &str = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
        match self {
            DataFormat::Parquet => (
                "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
                "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                vec![],
            ),
            DataFormat::Orc => (
                "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
                "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat",
                "org.apache.hadoop.hive.ql.io.orc.OrcSerde",
                vec![],
            ),
            DataFormat::Csv => (
                TEXT_IN,
                TEXT_OUT,
                "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                vec![("field.delim", ",")],
            ),
            DataFormat::Json => (
                TEXT_IN,
                TEXT_OUT,
                "org.openx.data.jsonserde.JsonSerDe",
                vec![],
            ),
        }
    }
}

/// Options of a [`Table`].
#[derive(Debug, Clone)]
#[must_use]
pub struct TableProps {
    database: Database,
    name: String,
    columns: Vec<Column>,
    partition_keys: Vec<Column>,
    location: Val<String>,
    format: DataFormat,
    description: Option<String>,
}

impl TableProps {
    /// A table `name` of `database` whose files in `location` (`s3://bucket/prefix/`) are
    /// written in `format`.
    pub fn new(
        database: &Database,
        name: impl Into<String>,
        location: impl Into<Val<String>>,
        format: DataFormat,
    ) -> Self {
        TableProps {
            database: database.clone(),
            name: name.into(),
            columns: Vec::new(),
            partition_keys: Vec::new(),
            location: location.into(),
            format,
            description: None,
        }
    }

    /// Adds a column.
    pub fn column(mut self, column: Column) -> Self {
        self.columns.push(column);
        self
    }

    /// Adds a partition key (a column that is a directory level of the location).
    pub fn partition_key(mut self, column: Column) -> Self {
        self.partition_keys.push(column);
        self
    }

    /// A description.
    pub fn description(mut self, d: impl Into<String>) -> Self {
        self.description = Some(d.into());
        self
    }
}

/// A Glue table over files in S3.
#[derive(Debug, Clone)]
pub struct Table {
    construct: Construct,
    resource: CfnTable,
}

impl Scope for Table {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl Table {
    /// Creates the table; bad names, no columns and duplicate columns are reported with its path.
    pub fn new(scope: &impl Scope, id: &str, props: TableProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.glue.Table");
        let node = construct.node().clone();
        report(&node, check_catalog_name("table name", &props.name, false));
        if props.columns.is_empty() {
            node.add_error("a table needs at least one column");
        }
        let mut seen = std::collections::BTreeSet::new();
        for c in props.columns.iter().chain(&props.partition_keys) {
            report(&node, check_catalog_name("column name", &c.name, false));
            if !seen.insert(c.name.as_str()) {
                node.add_error(format!(
                    "column {:?} is defined twice (partition keys are columns too)",
                    c.name
                ));
            }
        }
        if let Some(l) = props.location.as_value().as_str() {
            if !l.starts_with("s3://") {
                node.add_error(format!("table location {l:?} must be an s3:// URL"));
            }
        }
        let (input_format, output_format, serde, serde_parameters) = props.format.storage();
        let mut serde_info = vec![];
        if !serde_parameters.is_empty() {
            serde_info.push(("Parameters", Value::map_of(serde_parameters)));
        }
        serde_info.push(("SerializationLibrary", Value::from(serde)));
        let storage = Value::map_of([
            (
                "Columns",
                Value::List(props.columns.iter().map(Column::to_value).collect()),
            ),
            ("Compressed", Value::from(false)),
            ("InputFormat", Value::from(input_format)),
            ("Location", props.location.into_value()),
            ("OutputFormat", Value::from(output_format)),
            ("SerdeInfo", Value::map_of(serde_info)),
            ("StoredAsSubDirectories", Value::from(false)),
        ]);
        let mut input = vec![];
        if let Some(d) = props.description {
            input.push(("Description", Value::from(d)));
        }
        input.push(("Name", Value::from(props.name)));
        let mut parameters = vec![("classification", props.format.classification())];
        if props.format == DataFormat::Csv {
            parameters.push(("skip.header.line.count", "1"));
        }
        input.push(("Parameters", Value::map_of(parameters)));
        if !props.partition_keys.is_empty() {
            input.push((
                "PartitionKeys",
                Value::List(props.partition_keys.iter().map(Column::to_value).collect()),
            ));
        }
        input.push(("StorageDescriptor", storage));
        input.push(("TableType", Value::from("EXTERNAL_TABLE")));
        let mut cfn = CfnTableProps::new(catalog_id(&construct), props.database.database_name());
        cfn.table_input = Some(Val::unchecked(Value::map_of(input)));
        let resource = CfnTable::new(&construct, "Resource", cfn);
        Table {
            construct,
            resource,
        }
    }

    /// The table's name.
    pub fn table_name(&self) -> Val<String> {
        self.resource.ref_value()
    }

    /// The L1 resource (escape hatch).
    pub fn resource(&self) -> &CfnTable {
        &self.resource
    }
}
