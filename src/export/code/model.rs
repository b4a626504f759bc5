//! What the code templates see: the board's contexts, their events, commands, aggregates,
//! policies and read models, with every name already turned into a safe, unique identifier of
//! the target language and every field type already written in it. Templates only lay out.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::language::LanguageConfig;
use super::outline::{Outline, TypeOutline, doc_lines};
use crate::model::FieldType;
use crate::model::naming::{Unique, one_line};

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
    pub kind: TypeKind,
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
    pub owner: UnionOwner,
    /// The aggregate's or policy's name, as on the board.
    pub owner_name: String,
}

/// What a type is; templates see `event`, `command` or `object`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeKind {
    Event,
    Command,
    /// An object type (value object) of the shared module.
    Object,
}

/// Who declares a union; templates see `aggregate` or `policy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnionOwner {
    /// An aggregate's command or event union.
    Aggregate,
    /// The union of the commands a policy issues.
    Policy,
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
    /// A function name for its handler (`on_order_placed`, `handlePlaceOrder`), unique among
    /// the members of the aggregate, policy or read model that refers to it.
    pub handler: String,
    /// Its variant's name in the union of the item that refers to it (Rust's enums): its
    /// `ident`, numbered when two contexts' types of one name meet in one union.
    pub variant: String,
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

/// Names the templates give members of aggregates, policies and read models beside their
/// handlers (in one language or another), so no handler is named so.
const MEMBERS: [&str; 8] = [
    "decide",
    "evolve",
    "apply",
    "handle",
    "state",
    "initial",
    "to_json",
    "from_json",
];

/// Builds the model of `outline` for `lang`.
pub fn build(outline: &Outline, lang: &LanguageConfig) -> BoardModel {
    let board = outline.board;
    let contracts = &outline.contracts;
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
    let object_idents: BTreeMap<String, String> = outline
        .objects
        .iter()
        .map(|t| {
            (
                t.name.clone(),
                lang.ident(&t.name, case.ty, &mut shared_scope),
            )
        })
        .collect();
    let types = outline
        .objects
        .iter()
        .map(|t| {
            let ident = object_idents.get(&t.name).cloned().unwrap_or_default();
            type_model(lang, &object_idents, &mut shared_scope, t, ident)
        })
        .collect();

    // Module names first, so references across contexts are known.
    let context_modules: Vec<String> = contracts
        .contexts
        .iter()
        .map(|c| lang.ident(&c.name, case.module, &mut modules))
        .collect();
    // Packages are folders (Java, Kotlin): unique like every other name, the shared module's
    // taken first. Two contexts in one namespace get `ordering`, `ordering_2`.
    let mut packages = Unique::new();
    packages.take(&format!(
        "{}.{shared_module}",
        package_of(&outline.namespace)
    ));
    let sep = case.module.number_separator();
    let context_packages: Vec<String> = contracts
        .contexts
        .iter()
        .map(|c| {
            let package = package_of(&c.namespace);
            let numbered = (2..).map(|n| format!("{package}{sep}{n}"));
            packages
                .claim_first(std::iter::once(package.clone()).chain(numbered), |_| true)
                .unwrap_or(package)
        })
        .collect();

    // Type idents per context (events and commands), known before handlers refer to them.
    let mut scopes: Vec<Unique> = contracts.contexts.iter().map(|_| Unique::new()).collect();
    for ident in object_idents.values() {
        for s in &mut scopes {
            s.claim(ident.clone(), "");
        }
    }
    let refs = type_refs(
        outline,
        lang,
        (&context_modules, &context_packages),
        &mut scopes,
    );

    let mut contexts = Vec::new();
    // Where each item's type model went: (context, event?, position).
    let mut placed: Vec<(usize, bool, usize)> = vec![(0, false, 0); outline.items.len()];
    let named = Named {
        lang,
        objects: &object_idents,
        refs: &refs,
    };
    for (index, scope) in scopes.iter_mut().enumerate() {
        let names = (
            context_modules[index].clone(),
            context_packages[index].clone(),
        );
        contexts.push(context_model(
            &named,
            outline,
            index,
            names,
            scope,
            &mut placed,
        ));
    }
    fill_unions(outline, &placed, &mut contexts);
    let title = one_line(&board.meta.title);
    BoardModel {
        description: doc_lines(&board.meta.description),
        organisation: one_line(&board.meta.organisation),
        package: package_of(&outline.namespace),
        namespace: outline.namespace.clone(),
        header: format!(
            "Generated by Stormpad from the board \"{}\". Do not edit: the next export \
             overwrites this file.",
            doc_lines(&title).join(" ")
        ),
        title,
        contexts,
        shared: SharedModel {
            module: shared_module,
            types,
        },
    }
}

/// What naming a context's items needs from the board as a whole.
struct Named<'a> {
    lang: &'a LanguageConfig,
    /// The identifiers of the shared object types, by name.
    objects: &'a BTreeMap<String, String>,
    /// Every event and command as handlers refer to it, in the order of the outline's items.
    refs: &'a [TypeRef],
}

/// The model of the context at `index` of the outline, whose module and package names are
/// `(module, package)`; its types are named in `scope`. `placed` learns where each of its
/// events and commands went: (context, event?, position).
fn context_model(
    named: &Named,
    outline: &Outline,
    index: usize,
    (module, package): (String, String),
    scope: &mut Unique,
    placed: &mut [(usize, bool, usize)],
) -> ContextModel {
    let (lang, object_idents, refs) = (named.lang, named.objects, named.refs);
    let case = &lang.case;
    let context = &outline.contracts.contexts[index];
    let shape = &outline.contexts[index];
    let mut events = Vec::new();
    let mut commands = Vec::new();
    for &i in &shape.items {
        let t = &outline.items[i];
        let model = type_model(lang, object_idents, scope, t, refs[i].ident.clone());
        if t.kind == TypeKind::Event {
            placed[i] = (index, true, events.len());
            events.push(model);
        } else {
            placed[i] = (index, false, commands.len());
            commands.push(model);
        }
    }
    // Members of one aggregate, policy or read model: handler names unique in the item, and
    // variant names unique in each of its unions (a local "order-placed" and another
    // context's "Order Placed" meet there).
    let member_refs = |items: &[usize], handlers: &mut Unique| -> Vec<TypeRef> {
        let mut variants = Unique::new();
        items
            .iter()
            .map(|&i| {
                let t = &outline.items[i];
                let verb = if t.kind == TypeKind::Event {
                    "on"
                } else {
                    "handle"
                };
                TypeRef {
                    local: refs[i].module == module,
                    handler: lang.ident(&format!("{verb} {}", t.name), case.function, handlers),
                    variant: variants.claim(refs[i].ident.clone(), case.ty.number_separator()),
                    ..refs[i].clone()
                }
            })
            .collect()
    };
    let members = || Unique::reserving(MEMBERS.iter().copied());
    // Names the layouts use for a context's own files.
    let mut item_modules = Unique::reserving(["mod", "index", "types", "lib", "main"]);
    let mut aggregates = Vec::new();
    for g in &shape.aggregates {
        let name = &g.name;
        let mut handlers = members();
        aggregates.push(AggregateModel {
            ident: lang.ident(name, case.ty, scope),
            commands: member_refs(&g.commands, &mut handlers),
            events: member_refs(&g.events, &mut handlers),
            decider: lang.ident(&format!("{name} decider"), case.ty, scope),
            command_union: lang.ident(&format!("{name} command"), case.ty, scope),
            event_union: lang.ident(&format!("{name} event"), case.ty, scope),
            state: lang.ident(&format!("{name} state"), case.ty, scope),
            rejection: lang.ident(&format!("{name} rejection"), case.ty, scope),
            module: lang.ident(name, case.module, &mut item_modules),
            doc: g.doc.clone(),
            name: name.clone(),
        });
    }
    let mut policies = Vec::new();
    for g in &shape.policies {
        let name = &g.name;
        policies.push(HandlerModel {
            ident: lang.ident(name, case.ty, scope),
            handler_trait: lang.ident(&format!("{name} handler"), case.ty, scope),
            union: lang.ident(&format!("{name} command"), case.ty, scope),
            module: lang.ident(name, case.module, &mut item_modules),
            doc: g.doc.clone(),
            events: member_refs(&g.events, &mut members()),
            commands: member_refs(&g.commands, &mut members()),
            name: name.clone(),
        });
    }
    let mut read_models = Vec::new();
    for g in &shape.read_models {
        let name = &g.name;
        read_models.push(HandlerModel {
            ident: lang.ident(name, case.ty, scope),
            handler_trait: lang.ident(&format!("{name} projector"), case.ty, scope),
            union: String::new(),
            module: lang.ident(name, case.module, &mut item_modules),
            doc: g.doc.clone(),
            events: member_refs(&g.events, &mut members()),
            commands: Vec::new(),
            name: name.clone(),
        });
    }
    let uses_shared = events
        .iter()
        .chain(&commands)
        .any(|t| t.fields.iter().any(|f| f.object));
    let imports = imports_of(&aggregates, &policies, &read_models);
    ContextModel {
        name: context.name.clone(),
        description: shape.description.clone(),
        team: context.team.to_owned(),
        namespace: context.namespace.clone(),
        package,
        uses_other_contexts: !imports.is_empty(),
        imports,
        module,
        events,
        commands,
        aggregates,
        policies,
        read_models,
        uses_shared,
    }
}

/// The modules of other contexts whose events and commands these items refer to, sorted.
fn imports_of(
    aggregates: &[AggregateModel],
    policies: &[HandlerModel],
    read_models: &[HandlerModel],
) -> Vec<String> {
    aggregates
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
        .collect()
}

/// How every event and command is referred to from handlers: its identifier in its context's
/// `scopes` entry, and its context's module and package. (Handler and variant names depend on
/// the item that refers to it: `context_model` gives them.)
fn type_refs(
    outline: &Outline,
    lang: &LanguageConfig,
    (context_modules, context_packages): (&[String], &[String]),
    scopes: &mut [Unique],
) -> Vec<TypeRef> {
    let case = &lang.case;
    outline
        .contracts
        .items
        .iter()
        .zip(&outline.items)
        .map(|(c, t)| TypeRef {
            ident: lang.ident(&t.name, case.ty, &mut scopes[c.context]),
            handler: String::new(),
            variant: String::new(),
            name: t.name.clone(),
            module: context_modules[c.context].clone(),
            package: context_packages[c.context].clone(),
            local: true,
        })
        .collect()
}

/// Tells every event and command which aggregate and policy unions it belongs to, in the
/// order of contexts, then aggregates before policies. `placed` says where each item's type
/// model is.
fn fill_unions(outline: &Outline, placed: &[(usize, bool, usize)], contexts: &mut [ContextModel]) {
    let mut member_of: Vec<Vec<UnionRef>> = vec![Vec::new(); placed.len()];
    for (c, shape) in contexts.iter().zip(&outline.contexts) {
        let owner = |ident: &str, owner: UnionOwner, name: &str| UnionRef {
            module: c.module.clone(),
            package: c.package.clone(),
            ident: ident.to_owned(),
            owner,
            owner_name: name.to_owned(),
        };
        for (a, g) in c.aggregates.iter().zip(&shape.aggregates) {
            for &i in &g.commands {
                member_of[i].push(owner(&a.command_union, UnionOwner::Aggregate, &a.name));
            }
            for &i in &g.events {
                member_of[i].push(owner(&a.event_union, UnionOwner::Aggregate, &a.name));
            }
        }
        for (p, g) in c.policies.iter().zip(&shape.policies) {
            for &i in &g.commands {
                member_of[i].push(owner(&p.union, UnionOwner::Policy, &p.name));
            }
        }
    }
    for (unions, &(c, event, position)) in member_of.into_iter().zip(placed) {
        let list = if event {
            &mut contexts[c].events
        } else {
            &mut contexts[c].commands
        };
        if let Some(t) = list.get_mut(position) {
            t.unions = unions;
        }
    }
}

/// A type's model, named `ident`; its enums are named `<Type><Field>` in `scope`.
fn type_model(
    lang: &LanguageConfig,
    objects: &BTreeMap<String, String>,
    scope: &mut Unique,
    t: &TypeOutline,
    ident: String,
) -> TypeModel {
    let case = &lang.case;
    let mut field_scope = Unique::new();
    let mut enums = Vec::new();
    let mut models = Vec::with_capacity(t.fields.len());
    for field in &t.fields {
        let field_ident = lang.ident(field.name, case.field, &mut field_scope);
        let mut object = false;
        let ty = match &field.ty {
            Some(ty) => write_type(
                lang,
                objects,
                ty,
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
            name: field.name.to_owned(),
            ident: field_ident,
            doc: field.doc.clone(),
            required: field.required,
            ty,
            ty_declared,
            object,
        });
    }
    TypeModel {
        name: t.name.clone(),
        file: ident.clone(),
        ident,
        kind: t.kind,
        doc: t.doc.clone(),
        version: t.version.clone(),
        channel: t.channel.clone(),
        fields: models,
        enums,
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
