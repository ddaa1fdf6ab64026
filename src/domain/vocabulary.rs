//! How the fixed sets of stored values are declared: each is an enum whose
//! variants know the text they are stored as, so that a stored string is
//! read into an enum once (in `crate::db`) and matched by the compiler
//! everywhere else.

/// A fixed set of choices offered on the command line, with a Japanese
/// label for the select list shown on a terminal.
pub trait Choice: clap::ValueEnum + Copy + 'static {
    fn label_ja(self) -> &'static str;

    /// The value as typed: its command-line name.
    fn key(self) -> String {
        self.to_possible_value()
            .expect("no choice is hidden from the command line")
            .get_name()
            .to_string()
    }
}

/// Declares an enum of stored values: `Variant = "stored text"`. It gets
/// `ALL`, `as_str` (the stored text), `from_stored`, `Display` and a
/// `Serialize` as that text.
macro_rules! stored_values {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The text the value is stored as.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text ),+
                }
            }

            /// The value stored as `text`, if it is one.
            pub fn from_stored(text: &str) -> Option<$name> {
                match text {
                    $( $text => Some($name::$variant), )+
                    _ => None,
                }
            }
        }

        // JSON carries the stored text, as the data model names it.
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use stored_values;
