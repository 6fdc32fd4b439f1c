//! A picture drawn from what the catalogue knows of a product, for products nobody has photographed: a book's cover
//! with its title and author, a CD's sleeve with its artist, a phone or an appliance in its colour, fresh food in its
//! category's colours. Pure and deterministic: the same product always gives the same bytes, so the same picture id.

use std::fmt::Write;

use crate::model::product::{Product, ProductDetails};
use crate::model::Category;

/// Every drawn picture is this square, so that cards line up.
pub const SIZE: u32 = 400;

pub struct Drawing {
    pub svg: String,
    pub width: u32,
    pub height: u32,
}

pub fn draw(product: &Product) -> Drawing {
    let mut svg = String::with_capacity(2048);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}" font-family="Georgia, 'DejaVu Serif', serif">"#
    );
    match &product.details {
        ProductDetails::Book(book) => cover(&mut svg, &product.name, &book.author),
        ProductDetails::Cd(cd) => sleeve(&mut svg, &product.name, &cd.artist),
        ProductDetails::Phone(phone) => handset(&mut svg, &phone.brand, &phone.model, &phone.colour),
        ProductDetails::Appliance(appliance) => {
            let brand = appliance.brand.as_deref().unwrap_or(&product.name);
            let colour = appliance.colour.as_deref().unwrap_or("White");
            machine(&mut svg, brand, &appliance.style, colour)
        }
        ProductDetails::Fresh(fresh) => produce(&mut svg, &product.name, &fresh.weight_or_quantity, product.category),
    }
    svg.push_str("</svg>");
    Drawing { svg, width: SIZE, height: SIZE }
}

/// A cloth-bound cover in a colour of its own, title above, author below.
fn cover(svg: &mut String, title: &str, author: &str) {
    let (cloth, ink) = palette_for(title);
    let _ = write!(
        svg,
        r##"<rect width="400" height="400" fill="#f3efe6"/><rect x="92" y="28" width="216" height="344" rx="4" fill="{cloth}"/><rect x="92" y="28" width="14" height="344" fill="#000" opacity="0.18"/><rect x="120" y="56" width="168" height="2" fill="{ink}" opacity="0.7"/>"##
    );
    text_block(svg, title, (204, 110), Type { chars: 14, size: 22, fill: ink, bold: true });
    let _ = write!(svg, r##"<rect x="120" y="300" width="168" height="2" fill="{ink}" opacity="0.7"/>"##);
    text_block(svg, author, (204, 328), Type { chars: 17, size: 18, fill: ink, bold: false });
}

/// A square sleeve with the disc sliding out of it.
fn sleeve(svg: &mut String, title: &str, artist: &str) {
    let (colour, ink) = palette_for(artist);
    let _ = write!(
        svg,
        r##"<rect width="400" height="400" fill="#eceff1"/><circle cx="250" cy="200" r="130" fill="#cfd8dc"/><circle cx="250" cy="200" r="40" fill="#eceff1"/><circle cx="250" cy="200" r="12" fill="#b0bec5"/><rect x="40" y="70" width="260" height="260" fill="{colour}"/>"##
    );
    text_block(svg, artist, (170, 140), Type { chars: 16, size: 22, fill: ink, bold: true });
    text_block(svg, title, (170, 250), Type { chars: 22, size: 15, fill: ink, bold: false });
}

/// A handset in its colour with the brand on the screen.
fn handset(svg: &mut String, brand: &str, model: &str, colour: &str) {
    let body = colour_of(colour);
    let _ = write!(
        svg,
        r##"<rect width="400" height="400" fill="#f1f3f4"/><rect x="130" y="30" width="140" height="300" rx="22" fill="{body}" stroke="#555" stroke-width="2"/><rect x="142" y="56" width="116" height="240" rx="6" fill="#1b2a3a"/><circle cx="200" cy="312" r="8" fill="#000" opacity="0.25"/>"##
    );
    text_block(svg, brand, (200, 160), Type { chars: 12, size: 18, fill: "#ffffff", bold: true });
    text_block(svg, model, (200, 366), Type { chars: 28, size: 18, fill: "#333333", bold: false });
}

/// An appliance's front in its colour: a panel, two knobs and a door.
fn machine(svg: &mut String, brand: &str, style: &str, colour: &str) {
    let body = colour_of(colour);
    let _ = write!(
        svg,
        r##"<rect width="400" height="400" fill="#f1f3f4"/><rect x="90" y="40" width="220" height="270" rx="10" fill="{body}" stroke="#555" stroke-width="2"/><rect x="90" y="40" width="220" height="46" rx="10" fill="#000" opacity="0.12"/><circle cx="125" cy="63" r="11" fill="#666"/><circle cx="160" cy="63" r="11" fill="#666"/><rect x="115" y="110" width="170" height="170" rx="8" fill="#fff" opacity="0.35" stroke="#555"/>"##
    );
    text_block(svg, brand, (200, 350), Type { chars: 26, size: 20, fill: "#333333", bold: true });
    text_block(svg, style, (200, 378), Type { chars: 32, size: 14, fill: "#555555", bold: false });
}

/// Fresh food: the category's shapes and colours, the product's name and how it is sold.
fn produce(svg: &mut String, name: &str, amount: &str, category: Category) {
    let _ = match category {
        Category::Drinks => write!(
            svg,
            r##"<rect width="400" height="400" fill="#e3f2fd"/><rect x="170" y="50" width="60" height="40" rx="6" fill="#1565c0"/><path d="M160 90 h80 l20 40 v170 a20 20 0 0 1 -20 20 h-80 a20 20 0 0 1 -20 -20 v-170 z" fill="#42a5f5"/><rect x="140" y="170" width="120" height="70" fill="#fff" opacity="0.85"/>"##
        ),
        Category::Bakery => write!(
            svg,
            r##"<rect width="400" height="400" fill="#fff3e0"/><ellipse cx="200" cy="200" rx="150" ry="95" fill="#c98b4b"/><ellipse cx="200" cy="185" rx="135" ry="75" fill="#dba46a"/><path d="M120 160 q20 30 40 0 M180 150 q20 30 40 0 M240 160 q20 30 40 0" stroke="#a86b33" stroke-width="6" fill="none"/>"##
        ),
        _ => write!(
            svg,
            r##"<rect width="400" height="400" fill="#f1f8e9"/><circle cx="150" cy="190" r="80" fill="#8bc34a"/><circle cx="250" cy="200" r="72" fill="#ff9800"/><circle cx="200" cy="130" r="55" fill="#e53935"/><path d="M200 75 q10 -25 30 -30" stroke="#33691e" stroke-width="6" fill="none"/>"##
        ),
    };
    text_block(svg, name, (200, 320), Type { chars: 24, size: 22, fill: "#263238", bold: true });
    text_block(svg, amount, (200, 380), Type { chars: 30, size: 16, fill: "#455a64", bold: false });
}

/// How a block of text is set: characters per line, font size in pixels, colour, bold or not.
struct Type<'a> {
    chars: usize,
    size: u32,
    fill: &'a str,
    bold: bool,
}

/// Centred lines of at most `chars` characters starting at (`x`, `y`): at most three, the last cut with an ellipsis.
fn text_block(svg: &mut String, text: &str, (x, y): (u32, u32), set: Type) {
    let weight = if set.bold { "bold" } else { "normal" };
    for (n, line) in wrap(text, set.chars, 3).iter().enumerate() {
        let _ = write!(
            svg,
            r#"<text x="{x}" y="{}" font-size="{}" font-weight="{weight}" fill="{}" text-anchor="middle">{}</text>"#,
            y + n as u32 * (set.size + 6),
            set.size,
            set.fill,
            escape(line)
        );
    }
}

/// Words into lines of at most `width` characters (a longer word is cut), at most `max_lines`.
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let word: String = word.chars().take(width).collect();
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last = &mut lines[max_lines - 1];
        let kept: String = last.chars().take(width.saturating_sub(1)).collect();
        *last = format!("{kept}…");
    }
    lines
}

/// Text as SVG character data and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A cover colour and its ink, chosen by the name so that each book or artist keeps theirs.
fn palette_for(name: &str) -> (&'static str, &'static str) {
    const PALETTE: [(&str, &str); 10] = [
        ("#1f3b5a", "#f5e9c8"),
        ("#7a1f2b", "#f7e7d0"),
        ("#2f5d50", "#f1ecd8"),
        ("#c8a951", "#2b2118"),
        ("#3d2c5e", "#efe4ff"),
        ("#d9d2c3", "#3b2f2f"),
        ("#b5532f", "#fff4e6"),
        ("#264653", "#e9f5f2"),
        ("#5c4033", "#f4e1c1"),
        ("#0b0b0b", "#e8e8e8"),
    ];
    // FNV-1a: stable across runs and platforms, unlike the standard hasher.
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    PALETTE[(hash % PALETTE.len() as u64) as usize]
}

/// A product colour's name as a fill: the common finishes by name, anything else a neutral grey.
fn colour_of(name: &str) -> &'static str {
    let name = name.to_lowercase();
    const NAMED: [(&str, &str); 14] = [
        ("rose gold", "#e8b4a8"),
        ("gold", "#d4af37"),
        ("silver", "#c0c0c0"),
        ("graphite", "#41424c"),
        ("navy", "#1f2d4d"),
        ("space blue", "#2c3e63"),
        ("blue", "#2f6db5"),
        ("sage", "#9caf88"),
        ("green", "#3c8d4f"),
        ("red", "#c62828"),
        ("cream", "#f3e9d2"),
        ("white", "#fafafa"),
        ("black", "#222222"),
        ("pink", "#f48fb1"),
    ];
    NAMED.iter().find(|(known, _)| name.contains(known)).map(|(_, fill)| *fill).unwrap_or("#9e9e9e")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::product::{Book, Cd, Fresh, Phone};
    use crate::model::rating::RatingSummary;
    use crate::model::{Money, Timestamp};

    fn product(name: &str, category: Category, details: ProductDetails) -> Product {
        Product {
            id: "p".into(),
            legacy_id: None,
            name: name.into(),
            description: String::new(),
            category,
            prices: crate::model::Prices { gbp: Some(Money(999)), eur: Some(Money(1149)) },
            cost: Money(500),
            dimensions_cm: None,
            shipping_weight_g: None,
            rating: RatingSummary::default(),
            in_stock: true,
            created_at: Timestamp(0),
            details,
            pictures: Vec::new(),
            retired_at: None,
        }
    }

    #[test]
    fn a_book_cover_carries_its_title_and_author_escaped() {
        let book = product(
            "Salt & <Sugar>",
            Category::Books,
            ProductDetails::Book(Book {
                author: "Tú \"T\" Motherwell".into(),
                publisher: "L".into(),
                year: 2008,
                isbn: "1".into(),
            }),
        );
        let drawn = draw(&book);
        assert!(drawn.svg.starts_with("<svg") && drawn.svg.ends_with("</svg>"));
        assert!(drawn.svg.contains("Salt &amp; &lt;Sugar&gt;"), "{}", drawn.svg);
        assert!(drawn.svg.contains("Tú &quot;T&quot; Motherwell"));
        assert!(!drawn.svg.contains("<Sugar>"));
        assert_eq!((drawn.width, drawn.height), (SIZE, SIZE));
        assert_eq!(draw(&book).svg, drawn.svg, "the same product draws the same bytes");
    }

    #[test]
    fn each_kind_draws_what_is_known_of_it() {
        let cd = product(
            "Blue Train",
            Category::Cds,
            ProductDetails::Cd(Cd {
                artist: "John Coltrane".into(),
                publisher: None,
                tracks: 5,
                playing_time_min: 42.0,
            }),
        );
        assert!(draw(&cd).svg.contains("John Coltrane"));
        let phone = product(
            "Pixel",
            Category::MobilePhones,
            ProductDetails::Phone(Phone {
                brand: "Google".into(),
                model: "Pixel 9".into(),
                features: vec![],
                colour: "Rose Gold".into(),
            }),
        );
        let svg = draw(&phone).svg;
        assert!(svg.contains("Google") && svg.contains("#e8b4a8"), "rose gold, not gold: {svg}");
        let bagels = product(
            "Mini Bagels",
            Category::Bakery,
            ProductDetails::Fresh(Fresh {
                country_of_origin: "UK".into(),
                shelf_life_days: None,
                weight_or_quantity: "6 pack".into(),
            }),
        );
        let svg = draw(&bagels).svg;
        assert!(svg.contains("Mini Bagels") && svg.contains("6 pack") && svg.contains("#dba46a"));
    }

    #[test]
    fn long_text_wraps_into_at_most_three_lines_ending_in_an_ellipsis() {
        assert_eq!(wrap("The Colour and the Shape", 14, 3), ["The Colour and", "the Shape"]);
        let lines = wrap("one two three four five six seven eight nine ten eleven", 9, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…') && lines[2].chars().count() <= 9, "{lines:?}");
        assert_eq!(wrap("Supercalifragilistic", 8, 3), ["Supercal"]);
        assert!(wrap("   ", 8, 3).is_empty());
    }
}
