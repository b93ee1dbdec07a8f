import type { List, ListItem, Parents } from 'mdast';
import { defaultHandlers, type State } from 'mdast-util-to-hast';

// Whether each list is loose, worked out once per list. mdast-util-to-hast's own list item
// handler looks at every sibling for every item, which makes a list of n items cost n² (a list of
// 20,000 items took 10 s).
const looseLists = new WeakMap<List, boolean>();

function isLoose(list: List): boolean {
  let loose = looseLists.get(list);
  if (loose === undefined) {
    loose = Boolean(list.spread) || list.children.some((item) => (item.spread ?? item.children.length > 1));
    looseLists.set(list, loose);
  }
  return loose;
}

/** The default list item handler, given a stand-in parent that answers "is the list loose?" at once. */
export function listItem(state: State, node: ListItem, parent: Parents | undefined) {
  const standIn = parent?.type === 'list' ? ({ type: 'list', spread: isLoose(parent), children: [] } satisfies List) : parent;
  return defaultHandlers.listItem(state, node, standIn);
}
