//! A registry schema read into what the emitter needs: object shapes with their properties,
//! and per value its kind and constraints.

use serde_json::{Map, Value};

use crate::names;

/// The kind of a value.
#[derive(Clone, Debug)]
pub enum Kind {
    /// A string (numbers and booleans are accepted, as CloudFormation converts them).
    String,
    /// A whole number.
    Integer,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A JSON document: an object or a string (policy documents, free-form objects).
    Json,
    /// A list.
    Array(Box<Shape>),
    /// A map with string keys (tags): the key pattern, the value shape.
    Map(Option<String>, Box<Shape>),
    /// An object with known properties: the struct name.
    Object(String),
}

/// A value's kind and its constraints.
#[derive(Clone, Debug)]
pub struct Shape {
    pub kind: Kind,
    pub enum_values: Vec<String>,
    pub enum_case_insensitive: bool,
    pub pattern: Option<String>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
}

impl Shape {
    fn new(kind: Kind) -> Self {
        Self {
            kind,
            enum_values: Vec::new(),
            enum_case_insensitive: false,
            pattern: None,
            min_length: None,
            max_length: None,
            minimum: None,
            maximum: None,
            min_items: None,
            max_items: None,
            unique_items: false,
        }
    }
}

/// A property of an object.
#[derive(Clone, Debug)]
pub struct Property {
    pub name: String,
    pub shape: Shape,
}

/// An object with known properties: one generated struct.
#[derive(Clone, Debug)]
pub struct Object {
    pub name: String,
    /// Properties in CDK's order (sorted by name).
    pub properties: Vec<Property>,
    pub required: Vec<String>,
    /// `additionalProperties: false`.
    pub closed: bool,
    /// Top-level `oneOf: [{required: [a]}, {required: [b]}]`: exactly one of these.
    pub one_of_required: Vec<String>,
}

/// A resource type: its properties object (first) and every nested object.
#[derive(Clone, Debug)]
pub struct Resource {
    pub type_name: String,
    pub objects: Vec<Object>,
    /// Read-only property names (set by AWS; not writable).
    pub read_only: Vec<String>,
}

struct Reader<'s> {
    type_name: &'s str,
    definitions: Map<String, Value>,
    objects: Vec<Object>,
    /// Struct names being built (cycle detection).
    building: Vec<String>,
}

impl Resource {
    /// Reads a registry schema.
    pub fn from_schema(type_name: &str, schema: &Value) -> Result<Self, String> {
        let definitions = schema
            .get("definitions")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let read_only: Vec<String> = strings(schema.get("readOnlyProperties"))
            .iter()
            .filter_map(|p| p.strip_prefix("/properties/"))
            .filter(|p| !p.contains('/'))
            .map(str::to_string)
            .collect();
        let mut reader = Reader {
            type_name,
            definitions,
            objects: Vec::new(),
            building: Vec::new(),
        };
        let root_name = names::resource_struct(type_name);
        let mut root = schema.clone();
        if let Some(Value::Object(properties)) = root.get_mut("properties") {
            properties.retain(|name, _| !read_only.contains(name));
        }
        reader.object(&root_name, &root)?;
        let mut objects = reader.objects;
        // The resource's own struct first.
        if let Some(index) = objects.iter().position(|o| o.name == root_name) {
            let resource = objects.remove(index);
            objects.insert(0, resource);
        }
        if let Some(Value::Array(alternatives)) = schema.get("oneOf") {
            objects[0].one_of_required = alternatives
                .iter()
                .flat_map(|a| strings(a.get("required")))
                .collect();
        }
        Ok(Self {
            type_name: type_name.to_string(),
            objects,
            read_only,
        })
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn text(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::to_string)
}

impl Reader<'_> {
    /// Builds the struct `name` from an object schema (once).
    fn object(&mut self, name: &str, schema: &Value) -> Result<(), String> {
        if self.objects.iter().any(|o| o.name == name) {
            return Ok(());
        }
        if self.building.iter().any(|b| b == name) {
            return Err(format!("{}: recursive definition {name}", self.type_name));
        }
        self.building.push(name.to_string());
        let mut properties = Vec::new();
        if let Some(Value::Object(props)) = schema.get("properties") {
            for (property, property_schema) in props {
                let shape = self.shape(property_schema, &format!("{name}.{property}"), property)?;
                properties.push(Property {
                    name: property.clone(),
                    shape,
                });
            }
        }
        // CDK's L1 classes render properties sorted by name.
        properties.sort_by(|a, b| a.name.cmp(&b.name));
        self.building.pop();
        self.objects.push(Object {
            name: name.to_string(),
            properties,
            required: strings(schema.get("required")),
            closed: schema.get("additionalProperties") == Some(&Value::Bool(false)),
            one_of_required: Vec::new(),
        });
        Ok(())
    }

    /// A struct name not yet used by another object of this resource.
    fn fresh_name(&self, wanted: &str, parent: &str) -> String {
        let taken = |n: &str| {
            self.objects.iter().any(|o| o.name == n)
                || self.building.iter().any(|b| b == n)
                || self.definitions.contains_key(n)
        };
        if !taken(wanted) {
            return wanted.to_string();
        }
        let parent = parent.split('.').next().unwrap_or(parent);
        let mut candidate = format!("{}{wanted}", parent.trim_start_matches("Cfn"));
        while taken(&candidate) {
            candidate.push('_');
        }
        candidate
    }

    fn definition(&self, reference: &str) -> Result<(String, Value), String> {
        let name = reference
            .strip_prefix("#/definitions/")
            .ok_or_else(|| format!("{}: unsupported $ref {reference}", self.type_name))?;
        let schema = self
            .definitions
            .get(name)
            .cloned()
            .ok_or_else(|| format!("{}: missing definition {name}", self.type_name))?;
        Ok((name.to_string(), schema))
    }

    /// The shape of `schema`; `path` names where it is, `property` the property it is.
    fn shape(&mut self, schema: &Value, path: &str, property: &str) -> Result<Shape, String> {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let (name, definition) = self.definition(reference)?;
            if definition.get("properties").is_some() {
                self.object(&name, &definition)?;
                return Ok(Shape::new(Kind::Object(name)));
            }
            return self.shape(&definition, path, &name);
        }
        let types = match schema.get("type") {
            Some(Value::String(one)) => vec![one.clone()],
            Some(Value::Array(many)) => many
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        };
        let kind = match types
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
        {
            ["string"] => Kind::String,
            ["integer"] => Kind::Integer,
            ["number"] => Kind::Number,
            ["boolean"] => Kind::Boolean,
            ["array"] => {
                let items = schema.get("items").cloned().unwrap_or(Value::Null);
                let item = names::item_name(property);
                Kind::Array(Box::new(self.shape(&items, path, &item)?))
            }
            ["object"] => self.object_kind(schema, path, property)?,
            [] if schema.get("enum").is_some() || schema.get("pattern").is_some() => Kind::String,
            [] if schema.get("anyOf").is_some() => Kind::String,
            _ => Kind::Json,
        };
        let mut shape = Shape::new(kind);
        let number = |key: &str| schema.get(key).and_then(Value::as_f64);
        let count = |key: &str| schema.get(key).and_then(Value::as_u64);
        shape.enum_values = strings(schema.get("enum"));
        if let Some(values) = schema.get("enumCaseInsensitive") {
            shape.enum_values = strings(Some(values));
            shape.enum_case_insensitive = true;
        }
        shape.pattern = text(schema.get("pattern"));
        shape.min_length = count("minLength");
        shape.max_length = count("maxLength");
        shape.minimum = number("minimum");
        shape.maximum = number("maximum");
        shape.min_items = count("minItems");
        shape.max_items = count("maxItems");
        shape.unique_items = schema.get("uniqueItems") == Some(&Value::Bool(true));
        Ok(shape)
    }

    fn object_kind(&mut self, schema: &Value, path: &str, property: &str) -> Result<Kind, String> {
        if schema.get("properties").is_some() {
            let name = self.fresh_name(property, path);
            self.object(&name, schema)?;
            return Ok(Kind::Object(name));
        }
        if let Some(Value::Object(patterns)) = schema.get("patternProperties") {
            if let Some((key, value)) = patterns.iter().next() {
                let value = self.shape(value, path, property)?;
                return Ok(Kind::Map(Some(key.clone()), Box::new(value)));
            }
        }
        if let Some(value @ Value::Object(_)) = schema.get("additionalProperties") {
            let value = self.shape(value, path, property)?;
            return Ok(Kind::Map(None, Box::new(value)));
        }
        Ok(Kind::Json)
    }
}
