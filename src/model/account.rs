//! Accounts: who is signed in, and the checks a sign-up form must pass (run in the browser and again on the server).

use serde::{Deserialize, Serialize};

use super::address::{Address, AddressError};

/// The refusals of admin server functions, which the admin page recognises to show its 403 page.
pub const ADMINS_ONLY: &str = "Only admins may do this.";
pub const SIGN_IN_AS_ADMIN: &str = "Please sign in as an admin first.";

/// What an account may do. Checked on the server for every admin server function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Customer,
    /// A delivery partner: sees and delivers the orders they carry (`/deliveries`).
    Partner,
    Admin,
}

/// The signed-in person as the pages see them (never the password hash).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    pub name: String,
    pub email: String,
    pub role: Role,
}

/// The account page: who the customer is and where their orders go.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountDetails {
    pub name: String,
    pub email: String,
    pub shipping_address: Address,
}

/// Passwords shorter than this are refused at sign-up.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Longer ones too: hashing megabytes of "password" is a cheap way to tie up the server.
pub const MAX_PASSWORD_CHARS: usize = 128;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignUpError {
    #[error("Please enter your name.")]
    MissingName,
    #[error("Please enter a name of at most 100 characters.")]
    NameTooLong,
    #[error("\"{0}\" is not an email address. It should look like name@example.com.")]
    BadEmail(String),
    #[error("Please choose a password of at least {MIN_PASSWORD_CHARS} characters.")]
    PasswordTooShort,
    #[error("Please choose a password of at most {MAX_PASSWORD_CHARS} characters.")]
    PasswordTooLong,
    #[error(transparent)]
    Address(#[from] AddressError),
}

/// A sign-up that passed every check: the email lower-cased, the address normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCustomer {
    pub name: String,
    pub email: String,
    pub password: String,
    pub address: Address,
}

/// Lower-cases and checks an email address's shape (the mail server is the only real check).
pub fn parse_email(text: &str) -> Result<String, SignUpError> {
    let email = text.trim().to_lowercase();
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(|c| c.is_whitespace())
                && !domain.contains('@')
                && email.len() <= 254
        }
        None => false,
    };
    if valid {
        Ok(email)
    } else {
        Err(SignUpError::BadEmail(text.trim().chars().take(60).collect()))
    }
}

pub fn check_password(password: &str) -> Result<(), SignUpError> {
    match password.chars().count() {
        n if n < MIN_PASSWORD_CHARS => Err(SignUpError::PasswordTooShort),
        n if n > MAX_PASSWORD_CHARS => Err(SignUpError::PasswordTooLong),
        _ => Ok(()),
    }
}

impl NewCustomer {
    pub fn parse(name: &str, email: &str, password: String, address: Address) -> Result<NewCustomer, SignUpError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(SignUpError::MissingName);
        }
        if name.chars().count() > 100 {
            return Err(SignUpError::NameTooLong);
        }
        let email = parse_email(email)?;
        check_password(&password)?;
        let address = address.validated()?;
        Ok(NewCustomer { name: name.to_string(), email, password, address })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address() -> Address {
        Address {
            line1: "80 Lincoln Square".into(),
            line2: None,
            city: "Manchester".into(),
            postcode: "m7z5hu".into(),
            country: "GB".into(),
        }
    }

    #[test]
    fn emails_are_lower_cased_and_shaped_like_addresses() {
        assert_eq!(parse_email("  TraceyMedina@Gmail.com ").unwrap(), "traceymedina@gmail.com");
        for bad in ["", "tracey", "tracey@", "@gmail.com", "tracey@gmail", "a b@c.com", "a@b@c.com", "a@.com"] {
            assert!(matches!(parse_email(bad), Err(SignUpError::BadEmail(_))), "{bad}");
        }
    }

    #[test]
    fn a_sign_up_checks_every_field_and_normalises_the_address() {
        let ok = NewCustomer::parse(" Tracey ", "T@Example.com", "long enough".into(), address()).unwrap();
        assert_eq!(
            (ok.name.as_str(), ok.email.as_str(), ok.address.postcode.as_str()),
            ("Tracey", "t@example.com", "M7Z 5HU")
        );
        assert_eq!(
            NewCustomer::parse(" ", "t@example.com", "long enough".into(), address()),
            Err(SignUpError::MissingName)
        );
        assert_eq!(
            NewCustomer::parse("T", "t@example.com", "short".into(), address()),
            Err(SignUpError::PasswordTooShort)
        );
        let huge = "x".repeat(MAX_PASSWORD_CHARS + 1);
        assert_eq!(NewCustomer::parse("T", "t@example.com", huge, address()), Err(SignUpError::PasswordTooLong));
        let bad_postcode = Address { postcode: "12345".into(), ..address() };
        assert!(matches!(
            NewCustomer::parse("T", "t@example.com", "long enough".into(), bad_postcode),
            Err(SignUpError::Address(AddressError::Postcode { .. }))
        ));
    }
}
