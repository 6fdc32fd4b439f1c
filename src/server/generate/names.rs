//! Word lists the generator draws from: names by country, places, and the words products are named with.

/// A country the store sells in, with the names, cities and postcode shape of its addresses.
pub struct Country {
    pub code: &'static str,
    pub first_names: &'static [&'static str],
    pub last_names: &'static [&'static str],
    pub streets: &'static [&'static str],
    /// City, longitude, latitude, postcode pattern (`#` a digit, `@` a capital letter).
    pub cities: &'static [(&'static str, f64, f64, &'static str)],
    /// How many of every 100 customers live here: the UK first, the EU growing.
    pub share: u32,
}

pub const COUNTRIES: [Country; 6] = [
    Country {
        code: "GB",
        first_names: &[
            "Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Mia", "Noah", "Grace", "Tracey", "Diana",
            "Lisa", "Sandra", "Brandon", "Emily", "Thomas", "Sophie", "James", "Chloe",
        ],
        last_names: &[
            "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
            "Medina", "Hall", "Edwards", "Hughes", "Green", "Evans", "Walker", "Clarke", "Wood", "Turner",
        ],
        streets: &[
            "High Street",
            "Station Road",
            "Church Lane",
            "Victoria Road",
            "Park Avenue",
            "Lincoln Square",
            "Oxford Road",
            "Mill Lane",
            "Queen Street",
            "Kings Road",
        ],
        cities: &[
            ("Manchester", -2.2426, 53.4808, "M@ #@@"),
            ("London", -0.1276, 51.5072, "E# #@@"),
            ("Leeds", -1.5491, 53.8008, "LS# #@@"),
            ("Bristol", -2.5879, 51.4545, "BS# #@@"),
            ("Glasgow", -4.2518, 55.8642, "G# #@@"),
            ("Birmingham", -1.8904, 52.4862, "B# #@@"),
        ],
        share: 55,
    },
    Country {
        code: "IE",
        first_names: &["Aoife", "Conor", "Siobhan", "Cian", "Niamh", "Sean", "Ciara", "Darragh", "Roisin", "Eoin"],
        last_names: &[
            "Murphy",
            "Kelly",
            "O'Sullivan",
            "Walsh",
            "Byrne",
            "Ryan",
            "O'Brien",
            "Doyle",
            "McCarthy",
            "Gallagher",
        ],
        streets: &["Main Street", "O'Connell Street", "Grafton Street", "Church Road", "Harbour Road"],
        cities: &[
            ("Dublin", -6.2603, 53.3498, "D## @###"),
            ("Cork", -8.4756, 51.8985, "T## @###"),
            ("Galway", -9.0568, 53.2707, "H## @###"),
        ],
        share: 8,
    },
    Country {
        code: "FR",
        first_names: &["Camille", "Louis", "Chloé", "Lucas", "Léa", "Hugo", "Manon", "Jules", "Inès", "Arthur"],
        last_names: &[
            "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
        ],
        streets: &["Rue de la Paix", "Avenue Victor Hugo", "Rue du Moulin", "Boulevard Voltaire", "Rue de l'Église"],
        cities: &[
            ("Paris", 2.3522, 48.8566, "75###"),
            ("Lyon", 4.8357, 45.764, "69###"),
            ("Lille", 3.0573, 50.6292, "59###"),
        ],
        share: 12,
    },
    Country {
        code: "DE",
        first_names: &["Lukas", "Mia", "Leon", "Emma", "Finn", "Hannah", "Paul", "Lena", "Jonas", "Marie"],
        last_names: &[
            "Müller",
            "Schmidt",
            "Schneider",
            "Fischer",
            "Weber",
            "Meyer",
            "Wagner",
            "Becker",
            "Schulz",
            "Hoffmann",
        ],
        streets: &["Hauptstraße", "Bahnhofstraße", "Gartenstraße", "Schulstraße", "Lindenweg"],
        cities: &[
            ("Berlin", 13.405, 52.52, "10###"),
            ("Hamburg", 9.9937, 53.5511, "20###"),
            ("Cologne", 6.9603, 50.9375, "50###"),
        ],
        share: 12,
    },
    Country {
        code: "NL",
        first_names: &["Daan", "Emma", "Sem", "Julia", "Lucas", "Tess", "Finn", "Sophie", "Levi", "Zoë"],
        last_names: &[
            "de Jong",
            "Jansen",
            "de Vries",
            "van den Berg",
            "Bakker",
            "Visser",
            "Smit",
            "Meijer",
            "de Boer",
            "Mulder",
        ],
        streets: &["Kerkstraat", "Dorpsstraat", "Molenweg", "Stationsplein", "Prinsengracht"],
        cities: &[
            ("Amsterdam", 4.9041, 52.3676, "10## @@"),
            ("Rotterdam", 4.4777, 51.9244, "30## @@"),
            ("Utrecht", 5.1214, 52.0907, "35## @@"),
        ],
        share: 7,
    },
    Country {
        code: "ES",
        first_names: &["Lucía", "Hugo", "Martina", "Mateo", "Sofía", "Leo", "Valeria", "Daniel", "Paula", "Pablo"],
        last_names: &[
            "García",
            "Rodríguez",
            "González",
            "Fernández",
            "López",
            "Martínez",
            "Sánchez",
            "Pérez",
            "Gómez",
            "Martín",
        ],
        streets: &["Calle Mayor", "Gran Vía", "Calle del Sol", "Avenida de la Constitución", "Plaza Mayor"],
        cities: &[
            ("Madrid", -3.7038, 40.4168, "28###"),
            ("Barcelona", 2.1734, 41.3851, "08###"),
            ("Valencia", -0.3763, 39.4699, "46###"),
        ],
        share: 6,
    },
];

pub const EMAIL_DOMAINS: [&str; 6] = ["gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "proton.me", "web.de"];

pub const BOOK_ADJECTIVES: [&str; 16] = [
    "Silent",
    "Hidden",
    "Last",
    "Broken",
    "Golden",
    "Northern",
    "Quiet",
    "Burning",
    "Lost",
    "Secret",
    "Midnight",
    "Winter",
    "Distant",
    "Wild",
    "Crimson",
    "Forgotten",
];
pub const BOOK_NOUNS: [&str; 16] = [
    "River",
    "Garden",
    "Kingdom",
    "Letter",
    "Harbour",
    "Orchard",
    "Signal",
    "Tide",
    "Library",
    "Mountain",
    "Voyage",
    "Promise",
    "Lighthouse",
    "Empire",
    "Shadow",
    "Recipe",
];
pub const PUBLISHERS: [&str; 10] = [
    "Penguin",
    "HarperCollins",
    "Faber & Faber",
    "Bloomsbury",
    "Hachette",
    "Macmillan",
    "Gallimard",
    "Suhrkamp",
    "Anagrama",
    "Lehner, Russel and Shanahan",
];
pub const BOOK_GENRES: [&str; 8] = [
    "Crime thriller",
    "Historical novel",
    "Science fiction",
    "Cookery",
    "Biography",
    "Travel writing",
    "Fantasy",
    "Popular science",
];

pub const ARTIST_WORDS: [&str; 16] = [
    "Velvet", "Echo", "Neon", "Paper", "Iron", "Glass", "Electric", "Lunar", "Atlantic", "Copper", "Saint", "Wolf",
    "Arctic", "Cherry", "Static", "Golden",
];
pub const ARTIST_NOUNS: [&str; 10] =
    ["Foxes", "Tides", "Machines", "Hearts", "Radio", "Parade", "Society", "Orchestra", "Engines", "Monkeys"];
pub const MUSIC_GENRES: [&str; 8] = ["Rock", "Pop", "Jazz", "Classical", "Electronic", "Folk", "Hip hop", "Soul"];
pub const LABELS: [&str; 6] =
    ["Elektra", "Island", "Parlophone", "Rough Trade", "Deutsche Grammophon", "XL Recordings"];

pub const PHONE_BRANDS: [&str; 8] = ["Samsung", "Apple", "Google", "Sony", "Nokia", "Motorola", "OnePlus", "Fairphone"];
pub const PHONE_LINES: [&str; 6] = ["Galaxy", "Pixel", "Xperia", "Edge", "Nord", "Pro"];
pub const PHONE_FEATURES: [&str; 8] = [
    "Dual camera",
    "5G",
    "Wireless charging",
    "Water resistant",
    "Face unlock",
    "Fast charging",
    "OLED display",
    "Dual SIM",
];
pub const COLOURS: [&str; 10] =
    ["Black", "White", "Space Blue", "Silver", "Graphite", "Navy", "Red", "Sage Green", "Gold", "Cream"];

pub const APPLIANCE_BRANDS: [&str; 8] =
    ["Bosch", "Miele", "Hotpoint", "Beko", "Siemens", "Samsung", "Smeg", "Russell Hobbs"];
pub const APPLIANCES: [&str; 10] = [
    "Washing Machine",
    "Fridge Freezer",
    "Dishwasher",
    "Microwave",
    "Kettle",
    "Toaster",
    "Tumble Dryer",
    "Vacuum Cleaner",
    "Coffee Machine",
    "Air Fryer",
];
pub const APPLIANCE_STYLES: [&str; 4] = ["traditional", "modern", "retro", "integrated"];

/// Name, category slug, typical price in pence, as sold.
pub const FRESH_FOODS: [(&str, &str, i64, &str); 24] = [
    ("Braeburn Apples", "fruits-and-vegetables", 220, "6 pack"),
    ("Bananas", "fruits-and-vegetables", 95, "5 pack"),
    ("Vine Tomatoes", "fruits-and-vegetables", 180, "500g"),
    ("Baby Spinach", "fruits-and-vegetables", 150, "200g"),
    ("Avocados", "fruits-and-vegetables", 250, "2 pack"),
    ("Carrots", "fruits-and-vegetables", 60, "1kg"),
    ("Blueberries", "fruits-and-vegetables", 300, "300g"),
    ("Red Peppers", "fruits-and-vegetables", 120, "3 pack"),
    ("Sparkling Water", "drinks", 85, "1.5l"),
    ("Orange Juice", "drinks", 210, "1l"),
    ("Cloudy Apple Juice", "drinks", 190, "1l"),
    ("Cola", "drinks", 175, "2l"),
    ("Oat Drink", "drinks", 160, "1l"),
    ("Ginger Beer", "drinks", 130, "4 pack"),
    ("Cold Brew Coffee", "drinks", 250, "500ml"),
    ("Iced Tea", "drinks", 140, "1l"),
    ("Sourdough Loaf", "bakery", 280, "800g"),
    ("Croissants", "bakery", 200, "4 pack"),
    ("Glazed Donuts", "bakery", 150, "4 pack"),
    ("Wholemeal Bread", "bakery", 135, "800g"),
    ("Bagels", "bakery", 160, "5 pack"),
    ("Cinnamon Buns", "bakery", 240, "2 pack"),
    ("Baguette", "bakery", 90, "1 loaf"),
    ("Carrot Cake", "bakery", 350, "1 cake"),
];
pub const FRESH_VARIANTS: [&str; 8] =
    ["Organic", "Finest", "Everyday", "Farmhouse", "Local", "Premium", "Family", "Mini"];
pub const ORIGINS: [&str; 8] =
    ["United Kingdom", "Ireland", "Spain", "France", "Netherlands", "Italy", "Morocco", "Kenya"];
