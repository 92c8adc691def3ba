/**
 * Apple Podcasts' categories and their subcategories, exactly as Apple spells them in `itunes:category`
 * (Apple's list as of 2024–2025). A podcast names them as "Technology" or "News/Tech News".
 */
export const APPLE_PODCAST_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  Arts: ["Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"],
  Business: ["Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"],
  Comedy: ["Comedy Interviews", "Improv", "Stand-Up"],
  Education: ["Courses", "How To", "Language Learning", "Self-Improvement"],
  Fiction: ["Comedy Fiction", "Drama", "Science Fiction"],
  Government: [],
  History: [],
  "Health & Fitness": [
    "Alternative Health",
    "Fitness",
    "Medicine",
    "Mental Health",
    "Nutrition",
    "Sexuality",
  ],
  "Kids & Family": ["Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"],
  Leisure: [
    "Animation & Manga",
    "Automotive",
    "Aviation",
    "Crafts",
    "Games",
    "Hobbies",
    "Home & Garden",
    "Video Games",
  ],
  Music: ["Music Commentary", "Music History", "Music Interviews"],
  News: [
    "Business News",
    "Daily News",
    "Entertainment News",
    "News Commentary",
    "Politics",
    "Sports News",
    "Tech News",
  ],
  "Religion & Spirituality": [
    "Buddhism",
    "Christianity",
    "Hinduism",
    "Islam",
    "Judaism",
    "Religion",
    "Spirituality",
  ],
  Science: [
    "Astronomy",
    "Chemistry",
    "Earth Sciences",
    "Life Sciences",
    "Mathematics",
    "Natural Sciences",
    "Nature",
    "Physics",
    "Social Sciences",
  ],
  "Society & Culture": ["Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"],
  Sports: [
    "Baseball",
    "Basketball",
    "Cricket",
    "Fantasy Sports",
    "Football",
    "Golf",
    "Hockey",
    "Rugby",
    "Running",
    "Soccer",
    "Swimming",
    "Tennis",
    "Volleyball",
    "Wilderness",
    "Wrestling",
  ],
  Technology: [],
  "True Crime": [],
  "TV & Film": ["After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"],
};

/** Separates a category from its subcategory in the names publishers give: "News/Tech News". */
export const CATEGORY_SEPARATOR = "/";

/** Every name a podcast may list: each category alone and each "Category/Subcategory". */
export const APPLE_PODCAST_CATEGORY_NAMES: readonly string[] = Object.entries(
  APPLE_PODCAST_CATEGORIES,
).flatMap(([category, subcategories]) => [
  category,
  ...subcategories.map((subcategory) => `${category}${CATEGORY_SEPARATOR}${subcategory}`),
]);

/** A listed name split into Apple's category and subcategory; the separator never occurs inside a name. */
export function splitCategoryName(name: string): { category: string; subcategory: string | null } {
  const at = name.indexOf(CATEGORY_SEPARATOR);
  return at < 0
    ? { category: name, subcategory: null }
    : { category: name.slice(0, at), subcategory: name.slice(at + 1) };
}
