//! A resource as synthesis renders it: its type, its properties as a value of the generated
//! CloudFormation layer, and the attributes after them (`UpdateReplacePolicy`,
//! `DeletionPolicy`). Synthesis writes it straight into the template's text
//! ([`WriteCfn`]); the JSON value ([`Rendered::to_json`]) is built only where a `Value` is
//! asked for.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::fmt::Debug;

use serde_json::{Map, Value};

use crate::cfn::{JsonWriter, ToCfn, WriteCfn};
use crate::ids::FastHashMap;

/// Properties of a rendered resource: a struct of the generated layer, or raw JSON.
pub(crate) trait Properties: WriteCfn + Debug {
    /// The properties as JSON.
    fn to_cfn(&self) -> Value;
}

impl<T: WriteCfn + ToCfn + Clone + Debug> Properties for T {
    fn to_cfn(&self) -> Value {
        self.clone().into_cfn()
    }
}

/// One resource of a template, as rendered (see the module documentation).
#[derive(Debug)]
pub(crate) struct Rendered {
    type_name: Cow<'static, str>,
    properties: Option<Box<dyn Properties>>,
    /// `UpdateReplacePolicy` and `DeletionPolicy`, when set.
    removal: Option<(&'static str, &'static str)>,
}

impl Rendered {
    /// A resource of `type_name` with `properties`.
    pub(crate) fn new(type_name: &'static str, properties: impl Properties + 'static) -> Self {
        Self {
            type_name: Cow::Borrowed(type_name),
            properties: Some(Box::new(properties)),
            removal: None,
        }
    }

    /// A resource of `type_name` without a `Properties` key.
    pub(crate) fn without_properties(type_name: impl Into<Cow<'static, str>>) -> Self {
        Self {
            type_name: type_name.into(),
            properties: None,
            removal: None,
        }
    }

    /// A resource given as JSON properties (a raw resource the user declared).
    pub(crate) fn raw(type_name: String, properties: Option<Value>) -> Self {
        Self {
            type_name: Cow::Owned(type_name),
            properties: properties.map(|p| Box::new(p) as Box<dyn Properties>),
            removal: None,
        }
    }

    /// Sets the resource attributes `UpdateReplacePolicy` and `DeletionPolicy` (written after
    /// the properties).
    pub(crate) fn removal_policies(
        mut self,
        update_replace: &'static str,
        deletion: &'static str,
    ) -> Self {
        self.removal = Some((update_replace, deletion));
        self
    }

    /// The resource attributes after the properties: `(key, value)`.
    fn attributes(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        self.removal
            .into_iter()
            .flat_map(|(update_replace, deletion)| {
                [
                    ("UpdateReplacePolicy", update_replace),
                    ("DeletionPolicy", deletion),
                ]
            })
    }

    /// The resource as JSON (`Type`, `Properties`, then the attributes).
    pub(crate) fn to_json(&self) -> Value {
        let mut map = Map::with_capacity(4);
        map.insert("Type".into(), Value::String(self.type_name.to_string()));
        if let Some(properties) = &self.properties {
            map.insert("Properties".into(), properties.to_cfn());
        }
        for (key, value) in self.attributes() {
            map.insert(key.into(), value.into());
        }
        Value::Object(map)
    }
}

impl WriteCfn for Rendered {
    fn write_cfn(&self, writer: &mut JsonWriter) {
        writer.begin_object();
        writer.plain_key("Type");
        writer.string(&self.type_name);
        writer.plain_field("Properties", self.properties.as_ref());
        for (key, value) in self.attributes() {
            writer.plain_key(key);
            writer.string(value);
        }
        writer.end_object();
    }
}

/// Where rendering puts the resources of a template, in order.
pub(crate) trait Resources {
    /// Adds the resource `id`; `Err(id)` when the id was taken (the caller reports it).
    fn put(&mut self, id: String, resource: Rendered) -> Result<(), String>;

    /// How many resources were put (a taken id counts once).
    fn len(&self) -> usize;
}

/// Resources gathered into a JSON map (a taken id keeps its first resource, as the written
/// text does, so both paths see the same template).
impl Resources for Map<String, Value> {
    fn put(&mut self, id: String, resource: Rendered) -> Result<(), String> {
        match self.entry(id) {
            serde_json::map::Entry::Vacant(entry) => {
                entry.insert(resource.to_json());
                Ok(())
            }
            serde_json::map::Entry::Occupied(entry) => Err(entry.key().clone()),
        }
    }

    fn len(&self) -> usize {
        Map::len(self)
    }
}

/// Resources written as the entries of the `Resources` object of a template's text, each as it
/// is rendered (a taken id keeps its first resource; the caller reports the clash).
#[derive(Debug)]
pub(crate) struct WrittenResources<'a> {
    writer: &'a mut JsonWriter,
    ids: FastHashMap<String, ()>,
}

impl<'a> WrittenResources<'a> {
    /// Opens the `Resources` object at the writer's position (after its key), with room for
    /// the ids of `expected` resources.
    pub(crate) fn open(writer: &'a mut JsonWriter, expected: usize) -> Self {
        writer.begin_object();
        Self {
            writer,
            ids: FastHashMap::with_capacity_and_hasher(expected, Default::default()),
        }
    }

    /// Closes the `Resources` object.
    pub(crate) fn close(self) {
        self.writer.end_object();
    }
}

impl Resources for WrittenResources<'_> {
    fn put(&mut self, id: String, resource: Rendered) -> Result<(), String> {
        match self.ids.entry(id) {
            Entry::Occupied(taken) => Err(taken.key().clone()),
            Entry::Vacant(free) => {
                self.writer.key(free.key());
                resource.write_cfn(self.writer);
                free.insert(());
                Ok(())
            }
        }
    }

    fn len(&self) -> usize {
        self.ids.len()
    }
}
