/**
 * GOST 7.0.5-2008 (and 7.1-2003) place an entry's authors by how many there are:
 * with one to three, the first heads the entry ("Surname I. I. Title") and, for parts of
 * a publication and for works by two or three, all of them follow the title after "/";
 * with four or more, the title comes first and "/ I. I. Surname [et al.]" follows it.
 * Organisations do not head entries (GOST 7.0.5); they follow the title.
 *
 * CSL cannot test how many names a variable holds, so a style cannot say this itself.
 * A style that asks for it (`<?baspa names="gost"?>`) gets its items rearranged here:
 * `author` keeps only the heading name (or goes), and `contributor` holds the names the
 * statement of responsibility lists (the style applies et-al-min="4" to it). Without the
 * rearrangement the style still works, with all authors in the heading.
 */
import type { CslItem } from './types.js';

/** Types printed as a part of a host publication ("… // Journal"), as baspa-gost.csl has them. */
const PART_TYPES = new Set([
  'article',
  'article-journal',
  'article-magazine',
  'article-newspaper',
  'chapter',
  'paper-conference',
  'entry',
  'entry-dictionary',
  'entry-encyclopedia',
  'review',
  'review-book',
]);

interface CslName {
  family?: string;
  given?: string;
  literal?: string;
}

/**
 * A literal name, or a family-only name of several words ("World Health Organization").
 * A single word without a given name is taken for a person known by one name (an article
 * that names only "Dr. Kassenova"), who heads the entry like any author.
 */
function isOrganisation(name: CslName): boolean {
  return name.literal !== undefined || (name.family !== undefined && !name.given && /\s/.test(name.family.trim()));
}

/** A copy of `item` with its names arranged for a GOST style. */
export function arrangeNamesForGost(item: CslItem): CslItem {
  const authors = Array.isArray(item.author) ? (item.author as CslName[]) : [];
  if (authors.length === 0) return item;
  const out: CslItem = { ...item };
  const isPart = PART_TYPES.has(item.type);
  if (authors.length >= 4 || isOrganisation(authors[0])) {
    delete out.author;
    out.contributor = authors;
  } else {
    out.author = [authors[0]];
    if (isPart || authors.length >= 2) out.contributor = authors;
    else delete out.contributor;
  }
  return out;
}
