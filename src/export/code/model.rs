//! What the code templates see: the board's contexts, their events, commands, aggregates,
//! policies and read models, with every name already turned into a safe, unique identifier of
//! the target language and every field type already written in it. Templates only lay out.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::language::LanguageConfig;
use crate::export::contracts::{Contracts, one_line};
use crate::model::analysis::Analysis;
use crate::model::naming::Unique;
use crate::model::{Board, Field, FieldType, Id, Kind, LinkMeaning};

/// The whole board, as every template sees it.
#[derive(Debug, Serialize)]
pub struct BoardModel {
    pub title: String,
    pub description: Vec<String>,
    pub organisation: String,
    pub namespace: String,
    /// The package of the board's code in the language's style (`com.acme.food`).
    pub package: String,
    /// A line for generated files: where they come from, and that they are overwritten.
    pub header: String,
    pub contexts: Vec<ContextModel>,
    /// The board's object types (value objects), shared by every context.
    pub shared: SharedModel,
}

/// The object types and their enums: one shared module.
#[derive(Debug, Serialize)]
pub struct SharedModel {
    pub module: String,
    pub types: Vec<TypeModel>,
}

/// One bounded context: one module or package.
#[derive(Debug, Serialize)]
pub struct ContextModel {
    pub name: String,
    pub description: Vec<String>,
    pub team: String,
    pub namespace: String,
    /// Its module or package name.
    pub module: String,
    /// Its package path in the language's style (`com.acme.food.ordering`).
    pub package: String,
    pub events: Vec<TypeModel>,
    pub commands: Vec<TypeModel>,
    pub aggregates: Vec<AggregateModel>,
    pub policies: Vec<HandlerModel>,
    pub read_models: Vec<HandlerModel>,
    /// Whether any type here uses an object type (so the module imports the shared one).
    pub uses_shared: bool,
    /// Whether any handler here reacts to an event of another context.
    pub uses_other_contexts: bool,
    /// The modules of the other contexts whose events handlers here react to.
    pub imports: Vec<String>,
}

/// An event, command or object type.
#[derive(Debug, Serialize)]
pub struct TypeModel {
    pub name: String,
    pub ident: String,
    /// `event`, `command` or `object`.
    pub kind: &'static str,
    pub doc: Vec<String>,
    pub version: String,
    pub channel: String,
    pub fields: Vec<FieldModel>,
    /// The enums its fields declare, named after the type and the field.
    pub enums: Vec<EnumModel>,
    /// Its file name without extension, for languages with one type per file.
    pub file: String,
    /// The unions it is a member of: its aggregates' command or event unions, and the
    /// command unions of the policies that issue it (in any context).
    pub unions: Vec<UnionRef>,
}

/// A union a type belongs to, and who owns it.
#[derive(Clone, Debug, Serialize)]
pub struct UnionRef {
    /// The module and package of the context that declares the union.
    pub module: String,
    pub package: String,
    /// The union's identifier.
    pub ident: String,
    /// `aggregate` or `policy`.
    pub owner: &'static str,
    /// The aggregate's or policy's name, as on the board.
    pub owner_name: String,
}

/// One field.
#[derive(Debug, Serialize)]
pub struct FieldModel {
    /// The JSON property name, as typed on the board.
    pub name: String,
    pub ident: String,
    pub doc: Vec<String>,
    pub required: bool,
    /// The type in the language.
    pub ty: String,
    /// The type in the language, wrapped as optional (`optional` pattern) when not required.
    pub ty_declared: String,
    /// Whether `ident` differs from `name` (the JSON name needs a rename attribute).
    pub renamed: bool,
    /// Whether the type refers to an object type of the shared module.
    pub object: bool,
}

/// An enum declared by a field's `enum(a|b)` type.
#[derive(Debug, Serialize)]
pub struct EnumModel {
    pub ident: String,
    pub values: Vec<EnumValue>,
}

/// One value of an enum.
#[derive(Debug, Serialize)]
pub struct EnumValue {
    /// As it travels in JSON.
    pub name: String,
    pub ident: String,
    pub renamed: bool,
}

/// A reference to an event or command from another item.
#[derive(Clone, Debug, Serialize)]
pub struct TypeRef {
    pub name: String,
    pub ident: String,
    /// The module of the context that defines it.
    pub module: String,
    /// The package path of the context that defines it (`com.acme.food.ordering`).
    pub package: String,
    pub local: bool,
    /// A function name for its handler (`on_order_placed`, `handlePlaceOrder`).
    pub handler: String,
}

/// An aggregate: the commands it handles and the events it emits.
#[derive(Debug, Serialize)]
pub struct AggregateModel {
    pub name: String,
    pub ident: String,
    pub module: String,
    pub doc: Vec<String>,
    pub commands: Vec<TypeRef>,
    pub events: Vec<TypeRef>,
    /// Names derived from the aggregate, unique in its module.
    pub decider: String,
    pub command_union: String,
    pub event_union: String,
    pub state: String,
    pub rejection: String,
}

/// A policy (events -> commands) or a read model (events -> its state).
#[derive(Debug, Serialize)]
pub struct HandlerModel {
    pub name: String,
    pub ident: String,
    pub module: String,
    pub doc: Vec<String>,
    pub events: Vec<TypeRef>,
    /// Policies: the commands it issues. Read models: empty.
    pub commands: Vec<TypeRef>,
    /// The trait or interface the skeleton implements (`<Name>Handler`, `<Name>Projector`).
    pub handler_trait: String,
    /// Policies: the union of the commands it issues (`<Name>Command`).
    pub union: String,
}

/// Lines of a description, made safe for any comment: no comment terminators, no `"""`.
fn doc_lines(text: &str) -> Vec<String> {
    text.trim()
        .lines()
        .map(|l| {
            l.trim_end()
                .replace("*/", "* /")
                .replace("/*", "/ *")
                .replace("\"\"\"", "\"\" \"")
                // Java reads `\u000a` even inside comments.
                .replace('\\', "/")
        })
        .collect()
}

/// Builds the model for `lang`.
pub fn build(board: &Board, analysis: &Analysis, lang: &LanguageConfig) -> BoardModel {
    let contracts = Contracts::of(board, analysis);
    let case = &lang.case;
    let mut modules = Unique::reserving(["lib", "main", "index", "mod"]);
    let shared_module = lang.ident("shared", case.module, &mut modules);
    let package_of = |namespace: &str| -> String {
        namespace
            .split('.')
            .filter(|s| !s.is_empty())
            .map(|segment| lang.ident(segment, case.module, &mut Unique::new()))
            .collect::<Vec<_>>()
            .join(".")
    };

    // The shared object types, with their enums.
    let mut shared_scope = Unique::new();
    let object_idents: BTreeMap<String, String> = board
        .types
        .keys()
        .map(|name| (name.clone(), lang.ident(name, case.ty, &mut shared_scope)))
        .collect();
    let types = board
        .types
        .iter()
        .map(|(name, ty)| {
            let ident = object_idents.get(name).cloned().unwrap_or_default();
            type_model(
                lang,
                &object_idents,
                &mut shared_scope,
                (name, &ident, "object"),
                (&ty.description, "", ""),
                &ty.fields,
            )
        })
        .collect();

    // Module names first, so references across contexts are known.
    let context_modules: Vec<String> = contracts
        .contexts
        .iter()
        .map(|c| lang.ident(&c.name, case.module, &mut modules))
        .collect();

    // Type idents per context (events and commands), known before handlers refer to them.
    let mut scopes: Vec<Unique> = contracts.contexts.iter().map(|_| Unique::new()).collect();
    for ident in object_idents.values() {
        for s in &mut scopes {
            s.claim(ident.clone(), "");
        }
    }
    let mut refs: BTreeMap<Id, TypeRef> = BTreeMap::new();
    let mut handler_names: Vec<Unique> = contracts.contexts.iter().map(|_| Unique::new()).collect();
    for c in &contracts.items {
        let ident = lang.ident(&c.name(), case.ty, &mut scopes[c.context]);
        let verb = if c.sticky.kind == Kind::DomainEvent {
            "on"
        } else {
            "handle"
        };
        let handler = lang.ident(
            &format!("{verb} {}", c.name()),
            case.function,
            &mut handler_names[c.context],
        );
        refs.insert(
            c.id,
            TypeRef {
                name: c.name(),
                ident,
                module: context_modules[c.context].clone(),
                package: package_of(&contracts.contexts[c.context].namespace),
                local: true,
                handler,
            },
        );
    }

    // Each context's contracts, found once.
    let mut items_of: Vec<Vec<&crate::export::contracts::Contract>> =
        contracts.contexts.iter().map(|_| Vec::new()).collect();
    for c in &contracts.items {
        items_of[c.context].push(c);
    }
    let mut contexts = Vec::new();
    for (index, context) in contracts.contexts.iter().enumerate() {
        let module = context_modules[index].clone();
        let scope = &mut scopes[index];
        let mut events = Vec::new();
        let mut commands = Vec::new();
        for c in items_of[index].iter().copied() {
            let ident = refs.get(&c.id).map(|r| r.ident.clone()).unwrap_or_default();
            let kind = if c.sticky.kind == Kind::DomainEvent {
                "event"
            } else {
                "command"
            };
            let channel = if kind == "event" && analysis.crosses_boundary(c.id) {
                analysis.channel(board, c.id)
            } else {
                String::new()
            };
            let model = type_model(
                lang,
                &object_idents,
                scope,
                (&c.name(), &ident, kind),
                (&c.sticky.description, &c.version, &channel),
                &c.sticky.fields,
            );
            if kind == "event" {
                events.push(model);
            } else {
                commands.push(model);
            }
        }
        let local_ref = |id: &Id| -> Option<TypeRef> {
            let mut r = refs.get(id)?.clone();
            r.local = r.module == module;
            Some(r)
        };
        let inside = analysis.stickies_in(context.id);
        // Names the layouts use for a context's own files.
        let mut item_modules = Unique::reserving(["mod", "index", "types", "lib", "main"]);
        // Stickies drawn again beside each flow are one item: grouped by their type name.
        let group = |kind: Kind| -> Vec<(String, Vec<Id>)> {
            let mut groups: BTreeMap<String, (String, Vec<Id>)> = BTreeMap::new();
            for id in inside {
                if let Some(s) = board.stickies.get(id).filter(|s| s.kind == kind) {
                    groups
                        .entry(crate::model::naming::pascal(&s.text))
                        .or_insert_with(|| (one_line(&s.text), Vec::new()))
                        .1
                        .push(*id);
                }
            }
            groups.into_values().collect()
        };
        let collect = |ids: &[Id], pick: &dyn Fn(Id) -> Vec<Id>| -> Vec<TypeRef> {
            let mut seen = BTreeSet::new();
            ids.iter()
                .flat_map(|id| pick(*id))
                .filter(|id| seen.insert(*id))
                .filter_map(|id| local_ref(&id))
                .collect()
        };
        let description_of = |ids: &[Id]| -> Vec<String> {
            ids.iter()
                .filter_map(|id| board.stickies.get(id))
                .map(|s| s.description.as_str())
                .find(|d| !d.trim().is_empty())
                .map(doc_lines)
                .unwrap_or_default()
        };
        let mut aggregates = Vec::new();
        for (name, ids) in group(Kind::Aggregate) {
            let ident = lang.ident(&name, case.ty, scope);
            aggregates.push(AggregateModel {
                commands: collect(&ids, &|a| analysis.sources(a, LinkMeaning::HandledBy)),
                events: collect(&ids, &|a| analysis.targets(a, LinkMeaning::Emits)),
                decider: lang.ident(&format!("{name} decider"), case.ty, scope),
                command_union: lang.ident(&format!("{name} command"), case.ty, scope),
                event_union: lang.ident(&format!("{name} event"), case.ty, scope),
                state: lang.ident(&format!("{name} state"), case.ty, scope),
                rejection: lang.ident(&format!("{name} rejection"), case.ty, scope),
                module: lang.ident(&name, case.module, &mut item_modules),
                doc: description_of(&ids),
                name,
                ident,
            });
        }
        let mut policies = Vec::new();
        for (name, ids) in group(Kind::Policy) {
            policies.push(HandlerModel {
                ident: lang.ident(&name, case.ty, scope),
                handler_trait: lang.ident(&format!("{name} handler"), case.ty, scope),
                union: lang.ident(&format!("{name} command"), case.ty, scope),
                module: lang.ident(&name, case.module, &mut item_modules),
                doc: description_of(&ids),
                events: collect(&ids, &|p| analysis.sources(p, LinkMeaning::Triggers)),
                commands: collect(&ids, &|p| analysis.targets(p, LinkMeaning::Issues)),
                name,
            });
        }
        let mut read_models = Vec::new();
        for (name, ids) in group(Kind::ReadModel) {
            read_models.push(HandlerModel {
                ident: lang.ident(&name, case.ty, scope),
                handler_trait: lang.ident(&format!("{name} projector"), case.ty, scope),
                union: String::new(),
                module: lang.ident(&name, case.module, &mut item_modules),
                doc: description_of(&ids),
                events: collect(&ids, &|r| analysis.sources(r, LinkMeaning::Updates)),
                commands: Vec::new(),
                name,
            });
        }
        let uses_shared = events
            .iter()
            .chain(&commands)
            .any(|t| t.fields.iter().any(|f| f.object));
        let imports: Vec<String> = aggregates
            .iter()
            .flat_map(|a| a.commands.iter().chain(&a.events))
            .chain(
                policies
                    .iter()
                    .flat_map(|p| p.events.iter().chain(&p.commands)),
            )
            .chain(read_models.iter().flat_map(|r| &r.events))
            .filter(|r| !r.local)
            .map(|r| r.module.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        contexts.push(ContextModel {
            name: context.name.clone(),
            description: doc_lines(context.description),
            team: context.team.to_owned(),
            namespace: context.namespace.clone(),
            package: package_of(&context.namespace),
            uses_other_contexts: !imports.is_empty(),
            imports,
            module,
            events,
            commands,
            aggregates,
            policies,
            read_models,
            uses_shared,
        });
    }
    fill_unions(&mut contexts);
    let namespace = Analysis::namespace(board, None);
    BoardModel {
        title: one_line(&board.meta.title),
        description: doc_lines(&board.meta.description),
        organisation: one_line(&board.meta.organisation),
        package: package_of(&namespace),
        namespace,
        header: format!(
            "Generated by Stormpad from the board \"{}\". Do not edit: the next export \
             overwrites this file.",
            doc_lines(&one_line(&board.meta.title)).join(" ")
        ),
        contexts,
        shared: SharedModel {
            module: shared_module,
            types,
        },
    }
}

/// Tells every event and command which aggregate and policy unions it belongs to.
fn fill_unions(contexts: &mut [ContextModel]) {
    let mut member_of: BTreeMap<(String, String, &'static str), Vec<UnionRef>> = BTreeMap::new();
    for c in contexts.iter() {
        let owner = |ident: &str, owner: &'static str, name: &str| UnionRef {
            module: c.module.clone(),
            package: c.package.clone(),
            ident: ident.to_owned(),
            owner,
            owner_name: name.to_owned(),
        };
        for a in &c.aggregates {
            for r in &a.commands {
                member_of
                    .entry((r.module.clone(), r.ident.clone(), "command"))
                    .or_default()
                    .push(owner(&a.command_union, "aggregate", &a.name));
            }
            for r in &a.events {
                member_of
                    .entry((r.module.clone(), r.ident.clone(), "event"))
                    .or_default()
                    .push(owner(&a.event_union, "aggregate", &a.name));
            }
        }
        for p in &c.policies {
            for r in &p.commands {
                member_of
                    .entry((r.module.clone(), r.ident.clone(), "command"))
                    .or_default()
                    .push(owner(&p.union, "policy", &p.name));
            }
        }
    }
    for c in contexts.iter_mut() {
        for t in c.events.iter_mut().chain(c.commands.iter_mut()) {
            if let Some(unions) = member_of.remove(&(c.module.clone(), t.ident.clone(), t.kind)) {
                t.unions = unions;
            }
        }
    }
}

/// A type's model; its enums are named `<Type><Field>` in `scope`.
fn type_model(
    lang: &LanguageConfig,
    objects: &BTreeMap<String, String>,
    scope: &mut Unique,
    (name, ident, kind): (&str, &str, &'static str),
    (description, version, channel): (&str, &str, &str),
    fields: &[Field],
) -> TypeModel {
    let case = &lang.case;
    let mut field_scope = Unique::new();
    let mut json_names = BTreeSet::new();
    let mut enums = Vec::new();
    let mut models = Vec::new();
    for field in fields {
        if !json_names.insert(field.name.clone()) {
            continue; // A repeated name (ES015): JSON can carry it once.
        }
        let field_ident = lang.ident(&field.name, case.field, &mut field_scope);
        let parsed = FieldType::parse(&field.ty).ok();
        let mut object = false;
        let ty = match &parsed {
            Some(t) => write_type(
                lang,
                objects,
                t,
                &mut |values| {
                    let enum_ident = lang.ident(&format!("{ident} {}", field.name), case.ty, scope);
                    let mut variants = Unique::new();
                    let values = values
                        .iter()
                        .map(|v| {
                            let value_ident = lang.ident(v, case.variant, &mut variants);
                            EnumValue {
                                renamed: &value_ident != v,
                                name: v.clone(),
                                ident: value_ident,
                            }
                        })
                        .collect();
                    enums.push(EnumModel {
                        ident: enum_ident.clone(),
                        values,
                    });
                    enum_ident
                },
                &mut object,
            ),
            None => lang.type_pattern("any", ""),
        };
        let ty_declared = if field.required {
            ty.clone()
        } else {
            lang.type_pattern("optional", &ty)
        };
        models.push(FieldModel {
            renamed: field_ident != field.name,
            name: field.name.clone(),
            ident: field_ident,
            doc: doc_lines(&field.description),
            required: field.required,
            ty,
            ty_declared,
            object,
        });
    }
    TypeModel {
        name: name.to_owned(),
        ident: ident.to_owned(),
        kind,
        doc: doc_lines(description),
        version: version.to_owned(),
        channel: channel.to_owned(),
        fields: models,
        enums,
        file: ident.to_owned(),
        unions: Vec::new(),
    }
}

/// A field type in the language; `declare_enum` names (and declares) an enum's type.
fn write_type(
    lang: &LanguageConfig,
    objects: &BTreeMap<String, String>,
    ty: &FieldType,
    declare_enum: &mut dyn FnMut(&[String]) -> String,
    object: &mut bool,
) -> String {
    match ty {
        FieldType::Scalar(s) => lang.type_pattern(s.name(), s.name()),
        FieldType::Enum(values) => {
            let ident = declare_enum(values);
            lang.type_pattern("enum", &ident)
        }
        FieldType::List(inner) => {
            let inner = write_type(lang, objects, inner, declare_enum, object);
            lang.type_pattern("list", &inner)
        }
        FieldType::Object(name) => match objects.get(name) {
            Some(ident) => {
                *object = true;
                lang.type_pattern("object", ident)
            }
            None => lang.type_pattern("any", ""),
        },
    }
}
