//! Macros shared by the domain's areas.

/// An enum of codes with Norwegian labels: `ALL`, `code`, `label`, `from_code`, `expected`.
macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident = $code:literal, $label:literal;)* } expected $exp:literal) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name { $($(#[$vm])* #[serde(rename = $code)] $var),* }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),*];
            /// The stable code used in files, the database and the API.
            pub fn code(self) -> &'static str { match self { $($name::$var => $code),* } }
            /// The Norwegian label shown to users.
            pub fn label(self) -> &'static str { match self { $($name::$var => $label),* } }
            pub fn from_code(s: &str) -> Option<Self> {
                match s.trim() { $($code => Some($name::$var),)* _ => None }
            }
            /// What a user should write instead of a bad value.
            pub fn expected() -> &'static str { $exp }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.code()) }
        }
    };
}
