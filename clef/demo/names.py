"""Fictional names for the demo region (no real person or association)."""

FIRST_NAMES_F = [
    "Amina", "Léa", "Fatou", "Chloé", "Nadia", "Sarah", "Inès", "Camille", "Aïcha", "Julie", "Mariam", "Emma",
    "Yasmine", "Laura", "Khadija", "Manon", "Sofia", "Élodie", "Rokia", "Clara", "Salomé", "Awa", "Lina", "Nora",
]
FIRST_NAMES_M = [
    "Karim", "Lucas", "Mamadou", "Thomas", "Youssef", "Hugo", "Ibrahim", "Nicolas", "Samir", "Julien", "Moussa",
    "Antoine", "Bilal", "Maxime", "Omar", "Pierre", "Sékou", "Romain", "Nassim", "Kevin", "Adama", "Louis",
]
LAST_NAMES = [
    "Martin", "Bernard", "Diallo", "Moreau", "Benali", "Petit", "Traoré", "Garcia", "Lefebvre", "Haddad", "Roux",
    "Fontaine", "Mendy", "Chevalier", "Bouzid", "Girard", "Camara", "Lambert", "Ferreira", "Morel", "Keita",
    "Rousseau", "Nguyen", "Blanc", "Guerin", "Sy", "Faure", "Ouedraogo", "Mercier", "Barbier", "Coulibaly",
    "Dumas", "Leroy", "Brahimi", "Perrin", "Ndiaye", "Marchand", "Aubert", "Kaci", "Robin",
]
OPERATOR_STEMS = [
    "Toit Partagé", "Clé Solidaire", "Habitat Relais", "Logis Passerelle", "Entraide Logement", "AIVS Horizon",
    "Pont du Logement", "Maison Tremplin", "Seuil Commun", "Habiter Ensemble", "Porte Ouverte", "Abri Durable",
]
STREETS = [
    "rue de la République", "avenue Jean-Jaurès", "rue Victor-Hugo", "rue Pasteur", "boulevard Gambetta",
    "rue des Lilas", "place de la Mairie", "rue du Marché", "chemin des Vignes", "rue de la Gare",
    "avenue de la Libération", "rue des Écoles", "impasse des Tilleuls", "rue du Moulin", "cours Lafayette",
]
