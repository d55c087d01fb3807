/** @jsxImportSource react */
/** Browser entry: mounts the replica into #root with the variant from the URL's query. */
import { mountReplica, parseVariant } from './mount';

const root = document.getElementById('root');
if (!root) throw new Error('replica: #root is missing');
mountReplica(root, parseVariant(location.search));
