//! What the code templates see: the board's contexts, their events, commands, aggregates,
//! policies and read models, with every name already turned into a safe, unique identifier of
//! the target language and every field type already written in it. Templates only lay out.
//! `build.rs` beside this file builds it.

use serde::Serialize;

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
    /// The front ends (client apps), each with the messages it receives from us.
    pub front_ends: Vec<FrontEndModel>,
}

/// A front end: the typed messages a client receives, as one tagged union.
#[derive(Debug, Serialize)]
pub struct FrontEndModel {
    /// As on the board, on one line.
    pub name: String,
    /// Unique kebab-case name among front ends and partners.
    pub slug: String,
    /// Its file or module name, unique among front ends.
    pub module: String,
    /// The union of its messages (`CustomerAppMessage`).
    pub ident: String,
    /// The events delivered to it, with only their published fields.
    pub messages: Vec<MessageModel>,
    /// Whether any message's field uses the shared module (so the file imports it).
    pub uses_shared: bool,
}

/// An event as a front end receives it, or as a partner's webhook brings it.
#[derive(Debug, Serialize)]
pub struct MessageModel {
    /// The event's type (a front end's: its own copy, published fields only).
    pub event: TypeModel,
    /// Each delivery it travels on.
    pub routes: Vec<RouteModel>,
}

/// One delivery of a message: transport and channel or endpoint, as the exports write them.
#[derive(Debug, Serialize)]
pub struct RouteModel {
    /// `WebSocket`, `Webhook`, ... (`transport not decided`).
    pub transport: String,
    pub channel: String,
}

/// A partner's webhook that brings us one of a context's events: a handler stub with a
/// signature check that refuses until a person writes it.
#[derive(Debug, Serialize)]
pub struct WebhookModel {
    /// The partner's name, as on the board, on one line.
    pub partner: String,
    /// The handler's type (`StripePaymentAuthorizedWebhook`), unique in the context.
    pub ident: String,
    /// Its file or module name, unique among the context's files.
    pub module: String,
    /// The payload: the context's own type of the event.
    pub event: TypeRef,
    /// Where it arrives (endpoint) and over which transport.
    pub routes: Vec<RouteModel>,
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
    /// The partners' webhooks its events arrive on.
    pub webhooks: Vec<WebhookModel>,
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
