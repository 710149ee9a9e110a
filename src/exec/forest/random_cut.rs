//! A Random Cut Forest (Guha et al., 2016; the algorithm of AWS's own implementations), laid
//! out for scoring speed: each tree keeps its nodes, their bounding boxes and its leaves' points
//! in flat vectors indexed by 32-bit ids, so a tree of 256 samples and two columns fits in about
//! 16 KB and a hundred trees in the processor's cache. Scoring a point walks each tree once, top
//! down, keeping the weight of the path so far; nothing is allocated.
//!
//! Each tree samples the points it is given with a time-decayed reservoir: a point's weight is
//! `ln(-ln u) - decay × its sequence number` (u uniform), and the tree keeps the
//! `sample_size` points of least weight, so recent points are favoured as `decay` grows. The
//! weight's logarithms go through `libm`, so a seed gives the same forest natively and in the
//! browser; the whole forest (samples, trees, random state) serializes for checkpoints.

use rand_core::Rng;
use rand_pcg::Pcg32;
use serde::{Deserialize, Serialize};

/// No node: the empty tree's root.
const NONE: u32 = u32::MAX;
/// Set on a child reference that names a leaf.
const LEAF: u32 = 1 << 31;

/// A point's part in a score, split by whether it lies above or below the rest of the sample
/// in one coordinate.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Part {
    pub high: f64,
    pub low: f64,
}

#[derive(Serialize, Deserialize)]
pub struct Forest {
    /// Coordinates of one input; a point is `shingle_size` inputs in a row, oldest first.
    dims: usize,
    shingle_size: usize,
    decay: f64,
    trees: Vec<Tree>,
    samplers: Vec<Sampler>,
    /// The last `shingle_size` inputs, oldest first.
    shingle: Vec<f32>,
    entries_seen: u64,
    random: Pcg32,
    /// `log2(1 + m)` for every count `m` a tree or a leaf can hold.
    log2: Vec<f64>,
}

impl Forest {
    pub fn new(dims: usize, trees: usize, sample_size: usize, decay: f64, shingle_size: usize, seed: u64) -> Forest {
        use rand_core::SeedableRng;
        let point = dims * shingle_size;
        Forest {
            dims,
            shingle_size,
            decay,
            trees: (0..trees).map(|_| Tree::new(point, sample_size)).collect(),
            samplers: (0..trees).map(|_| Sampler::new(point, sample_size)).collect(),
            shingle: vec![0.0; point],
            entries_seen: 0,
            random: Pcg32::seed_from_u64(seed),
            log2: (0..=sample_size).map(|m| libm::log2(1.0 + m as f64)).collect(),
        }
    }

    /// How many inputs the forest has been given.
    pub fn entries_seen(&self) -> u64 {
        self.entries_seen
    }

    /// The point `input` makes after the inputs before it, in `scratch` where the shingle is
    /// longer than one input.
    fn point<'a>(&self, input: &'a [f32], scratch: &'a mut Vec<f32>) -> &'a [f32] {
        if self.shingle_size == 1 {
            return input;
        }
        scratch.clear();
        scratch.extend_from_slice(&self.shingle[self.dims..]);
        scratch.extend_from_slice(input);
        scratch
    }

    /// How unusual `input` is to the forest: each tree's score, normalised by its sample's size,
    /// averaged over the trees. Points like the sample's score about 1 or below.
    pub fn score(&self, input: &[f32]) -> f64 {
        let mut scratch = Vec::new();
        let point = self.point(input, &mut scratch);
        // Walks specialised for the few coordinates most applications score, so the box test's
        // loop is unrolled; any other count goes through the general walk (D = 0).
        let walk = match point.len() {
            1 => score_together::<1>,
            2 => score_together::<2>,
            3 => score_together::<3>,
            4 => score_together::<4>,
            _ => score_together::<0>,
        };
        let total: f64 = self.trees.chunks(LANES).map(|trees| walk(trees, point, &self.log2)).sum();
        total / self.trees.len().max(1) as f64
    }

    /// [`Forest::score`] split over the point's coordinates (which add up to the score), each
    /// part high or low as the point lies above or below the sample there.
    pub fn attribution(&self, input: &[f32]) -> Vec<Part> {
        let mut scratch = Vec::new();
        let point = self.point(input, &mut scratch);
        let mut parts = vec![Part::default(); point.len()];
        for tree in &self.trees {
            tree.attribute(point, &self.log2, &mut parts);
        }
        let trees = self.trees.len().max(1) as f64;
        for part in &mut parts {
            part.high /= trees;
            part.low /= trees;
        }
        parts
    }

    /// The mean of the points the trees keep, per coordinate: what the forest expects.
    pub fn mean(&self) -> Vec<f64> {
        let kept: usize = self.samplers.iter().map(|s| s.weights.len()).sum();
        let mut mean = vec![0.0; self.shingle.len()];
        for sampler in &self.samplers {
            for (m, sum) in mean.iter_mut().zip(&sampler.sums) {
                *m += sum;
            }
        }
        mean.iter_mut().for_each(|m| *m /= kept.max(1) as f64);
        mean
    }

    /// Learns `input`: each tree's sampler decides whether the point enters its sample (and
    /// which point leaves it).
    pub fn update(&mut self, input: &[f32]) {
        self.entries_seen += 1;
        self.shingle.copy_within(self.dims.., 0);
        let last = self.shingle.len() - self.dims;
        self.shingle[last..].copy_from_slice(input);
        if self.entries_seen < self.shingle_size as u64 {
            return;
        }
        let (age, span) = (self.decay * self.entries_seen as f64, self.decay * REFUSAL_SPAN);
        for (tree, sampler) in self.trees.iter_mut().zip(&mut self.samplers) {
            // 32 bits are plenty for the reservoir and cost half the draw.
            let u = (self.random.next_u32() as f64 + 0.5) * (1.0 / (1u64 << 32) as f64);
            match sampler.offer(u, age, span, &self.shingle) {
                Offer::Refused => continue,
                Offer::Taken => {}
                Offer::Replacing(evicted) => tree.delete(&evicted),
            }
            tree.insert(&self.shingle, &mut self.random);
        }
    }
}

/// How many trees [`score_together`] walks at once.
const LANES: usize = 4;

/// The scores of up to [`LANES`] trees added up. A tree's score of `point`: at each node on its
/// path, the chance that a random cut of the node's box grown to take the point separates the
/// point (isolating it at that depth, scoring `1 / (depth + 1)`), else the score below; at the
/// leaf, a point already sampled scores by its depth and count. Computed top down with the
/// chance of getting so far, and scaled by the depth expected of a sample of the tree's size
/// (`log2` is the forest's table). The trees' walks go a level at a time together: a walk is a
/// chain of loads each waiting for the last, and the processor overlaps independent chains.
/// `D` is the point's length when it is known when compiling, else 0.
fn score_together<const D: usize>(trees: &[Tree], point: &[f32], log2: &[f64]) -> f64 {
    let dims = if D == 0 { point.len() } else { D };
    let point = &point[..dims];
    let mut at = [NONE; LANES];
    let (mut weight, mut score) = ([1.0f64; LANES], [0.0f64; LANES]);
    for (lane, tree) in trees.iter().enumerate() {
        at[lane] = tree.root;
    }
    let mut depth = 0.0f64;
    let mut walking = trees.iter().filter(|tree| tree.root != NONE).count();
    while walking > 0 {
        for (lane, tree) in trees.iter().enumerate() {
            let here = at[lane];
            if here == NONE {
                continue;
            }
            if here & LEAF != 0 {
                score[lane] += weight[lane] * tree.leaf_score(here & !LEAF, point, depth, log2);
                at[lane] = NONE;
                walking -= 1;
                continue;
            }
            let node = &tree.nodes[here as usize];
            let (lo, hi) = tree.node_box_of(here, dims);
            let excess = Tree::excess(lo, hi, point);
            if excess > 0.0 {
                let cut = excess / (node.range + excess);
                score[lane] += weight[lane] * cut / (depth + 1.0);
                weight[lane] *= 1.0 - cut;
            }
            at[lane] = node.children[tree.side(node, point)];
        }
        depth += 1.0;
    }
    trees.iter().zip(score).map(|(tree, score)| score * log2[tree.mass as usize]).sum()
}

/// A uniform number in (0, 1), never 0 (whose logarithm is not finite).
fn unit(random: &mut Pcg32) -> f64 {
    ((random.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

/// A tree's time-decayed reservoir: a max-heap of the weights of the points it keeps.
#[derive(Serialize, Deserialize)]
struct Sampler {
    dims: usize,
    capacity: usize,
    weights: Vec<f64>,
    /// Each kept point's coordinates, in the heap's order.
    points: Vec<f32>,
    /// The kept points' coordinates added up.
    sums: Vec<f64>,
    /// While the sampler is full and its heaviest weight stays, `(age, u)`: no `u` below this
    /// `u` can weigh less than the heaviest weight at ages up to this age. It spares the two
    /// logarithms of a weight for the points that plainly stay out, which is nearly all of them.
    #[serde(skip)]
    refuse_below: Option<(f64, f64)>,
}

/// What a sampler does with a point offered.
enum Offer {
    Refused,
    Taken,
    /// Taken in place of this point.
    Replacing(Vec<f32>),
}

/// How many points ahead a sampler's [`Sampler::refuse_below`] is computed for.
const REFUSAL_SPAN: f64 = 1024.0;

impl Sampler {
    fn new(dims: usize, capacity: usize) -> Sampler {
        Sampler {
            dims,
            capacity,
            weights: Vec::with_capacity(capacity),
            points: Vec::with_capacity(capacity * dims),
            sums: vec![0.0; dims],
            refuse_below: None,
        }
    }

    /// Offers `point`, drawn `u`, at `age` (decay × sequence number; `span` is the age
    /// [`REFUSAL_SPAN`] points add).
    fn offer(&mut self, u: f64, age: f64, span: f64, point: &[f32]) -> Offer {
        let full = self.weights.len() == self.capacity;
        if full {
            if let Some((until, below)) = self.refuse_below {
                if age <= until && u < below {
                    return Offer::Refused;
                }
            }
        }
        let weight = libm::log(-libm::log(u)) - age;
        if !full {
            self.count(point, 1.0);
            self.weights.push(weight);
            self.points.extend_from_slice(point);
            self.sift_up(self.weights.len() - 1);
            return Offer::Taken;
        }
        if weight >= self.weights[0] {
            if self.refuse_below.is_none_or(|(until, _)| age > until) {
                // ln(-ln u) - age' >= heaviest for every age' up to `until` exactly when
                // u <= exp(-exp(heaviest + until)); a hair less, for the logarithms' rounding.
                let until = age + span;
                let below = libm::exp(-libm::exp(self.weights[0] + until)) * (1.0 - 1e-9);
                self.refuse_below = Some((until, below));
            }
            return Offer::Refused;
        }
        let evicted = self.points[..self.dims].to_vec();
        self.count(&evicted, -1.0);
        self.count(point, 1.0);
        self.weights[0] = weight;
        self.points[..self.dims].copy_from_slice(point);
        self.sift_down(0);
        self.refuse_below = None;
        Offer::Replacing(evicted)
    }

    /// Adds (`sign` 1) or takes away (-1) a point's coordinates in `sums`.
    fn count(&mut self, point: &[f32], sign: f64) {
        for (sum, &x) in self.sums.iter_mut().zip(point) {
            *sum += sign * x as f64;
        }
    }

    fn swap(&mut self, a: usize, b: usize) {
        self.weights.swap(a, b);
        for d in 0..self.dims {
            self.points.swap(a * self.dims + d, b * self.dims + d);
        }
    }

    fn sift_up(&mut self, mut at: usize) {
        while at > 0 {
            let parent = (at - 1) / 2;
            if self.weights[at] <= self.weights[parent] {
                break;
            }
            self.swap(at, parent);
            at = parent;
        }
    }

    fn sift_down(&mut self, mut at: usize) {
        loop {
            let mut largest = at;
            for child in [2 * at + 1, 2 * at + 2] {
                if child < self.weights.len() && self.weights[child] > self.weights[largest] {
                    largest = child;
                }
            }
            if largest == at {
                return;
            }
            self.swap(at, largest);
            at = largest;
        }
    }
}

/// An inner node: the cut that splits its points, their bounding box (in the tree's `boxes`)
/// and how many points (duplicates counted) lie under it.
#[derive(Clone, Copy, Serialize, Deserialize)]
struct Node {
    /// Left (coordinate at or below the cut) and right; a leaf's id has [`LEAF`] set.
    children: [u32; 2],
    dim: u32,
    cut: f32,
    mass: u32,
    /// The box's sides added up.
    range: f64,
}

#[derive(Serialize, Deserialize)]
struct Tree {
    dims: usize,
    root: u32,
    nodes: Vec<Node>,
    /// Per node, its box: `dims` least coordinates, then `dims` greatest.
    boxes: Vec<f32>,
    /// Per leaf, its point.
    points: Vec<f32>,
    /// Per leaf, how many times its point is in the sample.
    masses: Vec<u32>,
    free_nodes: Vec<u32>,
    free_leaves: Vec<u32>,
    mass: u32,
}

impl Tree {
    fn new(dims: usize, capacity: usize) -> Tree {
        Tree {
            dims,
            root: NONE,
            nodes: Vec::with_capacity(capacity),
            boxes: Vec::with_capacity(capacity * 2 * dims),
            points: Vec::with_capacity(capacity * dims),
            masses: Vec::with_capacity(capacity),
            free_nodes: Vec::new(),
            free_leaves: Vec::new(),
            mass: 0,
        }
    }

    // `leaf_point`, `node_box`, `side` and `excess` make up scoring: marked for inlining in the
    // browser too, where the crate is built for size.
    #[inline]
    fn leaf_point(&self, leaf: u32) -> &[f32] {
        let at = leaf as usize * self.dims;
        &self.points[at..at + self.dims]
    }

    #[inline]
    fn node_box(&self, node: u32) -> (&[f32], &[f32]) {
        self.node_box_of(node, self.dims)
    }

    /// [`Tree::node_box`] for points of `dims` coordinates, which the scoring walk knows when
    /// compiling.
    #[inline]
    fn node_box_of(&self, node: u32, dims: usize) -> (&[f32], &[f32]) {
        let at = node as usize * 2 * dims;
        self.boxes[at..at + 2 * dims].split_at(dims)
    }

    /// The least and greatest coordinates of `child`'s points.
    fn child_box(&self, child: u32) -> (&[f32], &[f32]) {
        if child & LEAF != 0 {
            let point = self.leaf_point(child & !LEAF);
            (point, point)
        } else {
            self.node_box(child)
        }
    }

    fn mass_of(&self, child: u32) -> u32 {
        if child & LEAF != 0 {
            self.masses[(child & !LEAF) as usize]
        } else {
            self.nodes[child as usize].mass
        }
    }

    #[inline]
    fn side(&self, node: &Node, point: &[f32]) -> usize {
        usize::from(point[node.dim as usize] > node.cut)
    }

    /// How far `point` lies outside the box, added over the coordinates.
    #[inline]
    fn excess(lo: &[f32], hi: &[f32], point: &[f32]) -> f64 {
        // Without branches: which side a coordinate falls is as good as random.
        let mut excess = 0.0;
        for ((&p, &lo), &hi) in point.iter().zip(lo).zip(hi) {
            excess += positive(p as f64 - hi as f64) + positive(lo as f64 - p as f64);
        }
        excess
    }

    /// A leaf's score: its point's by depth and count if it is `point`, else isolation there.
    fn leaf_score(&self, leaf: u32, point: &[f32], depth: f64, log2: &[f64]) -> f64 {
        if self.leaf_point(leaf) == point {
            let mass = self.masses[leaf as usize];
            let damp = 1.0 - mass as f64 / (2.0 * self.mass as f64);
            damp / (depth + log2[mass as usize])
        } else {
            1.0 / (depth + 1.0)
        }
    }

    /// Adds this tree's score of `point` to `parts`, split by coordinate: a node's chance of
    /// isolating the point falls to the coordinates the point lies outside the box in, in
    /// proportion to how far; a leaf's share is split the same way against its point, or
    /// evenly when it is the point.
    fn attribute(&self, point: &[f32], log2: &[f64], parts: &mut [Part]) {
        if self.root == NONE {
            return;
        }
        let share = |parts: &mut [Part], lo: &[f32], hi: &[f32], total: f64, excess: f64| {
            for (d, part) in parts.iter_mut().enumerate() {
                if point[d] > hi[d] {
                    part.high += total * (point[d] - hi[d]) as f64 / excess;
                } else if point[d] < lo[d] {
                    part.low += total * (lo[d] - point[d]) as f64 / excess;
                }
            }
        };
        // Scaled, as scores are, by the depth expected of a sample of this size.
        let (mut at, mut depth, mut weight) = (self.root, 0.0f64, log2[self.mass as usize]);
        while at & LEAF == 0 {
            let node = &self.nodes[at as usize];
            let (lo, hi) = self.node_box(at);
            let excess = Self::excess(lo, hi, point);
            if excess > 0.0 {
                let cut = excess / (node.range + excess);
                share(parts, lo, hi, weight * cut / (depth + 1.0), excess);
                weight *= 1.0 - cut;
                if weight == 0.0 {
                    return;
                }
            }
            at = node.children[self.side(node, point)];
            depth += 1.0;
        }
        let leaf = at & !LEAF;
        let total = weight * self.leaf_score(leaf, point, depth, log2);
        let q = self.leaf_point(leaf);
        let excess = Self::excess(q, q, point);
        if excess > 0.0 {
            share(parts, q, q, total, excess);
        } else {
            let each = total / (2 * parts.len()) as f64;
            for part in parts.iter_mut() {
                part.high += each;
                part.low += each;
            }
        }
    }

    fn new_leaf(&mut self, point: &[f32]) -> u32 {
        let leaf = match self.free_leaves.pop() {
            Some(leaf) => {
                let at = leaf as usize * self.dims;
                self.points[at..at + self.dims].copy_from_slice(point);
                self.masses[leaf as usize] = 1;
                leaf
            }
            None => {
                self.points.extend_from_slice(point);
                self.masses.push(1);
                (self.masses.len() - 1) as u32
            }
        };
        leaf | LEAF
    }

    /// A node over `child` and a new leaf of `point` (`point_side` of `cut` in `dim`), its box
    /// the child's grown to take the point.
    fn new_node(&mut self, child: u32, point: &[f32], dim: usize, cut: f32, point_side: usize) -> u32 {
        let leaf = self.new_leaf(point);
        let mut children = [child, child];
        children[point_side] = leaf;
        let bounds = union(self.child_box(child), (point, point));
        let node = Node { children, dim: dim as u32, cut, mass: self.mass_of(child) + 1, range: 0.0 };
        let id = match self.free_nodes.pop() {
            Some(id) => {
                self.nodes[id as usize] = node;
                id
            }
            None => {
                self.nodes.push(node);
                self.boxes.resize(self.boxes.len() + 2 * self.dims, 0.0);
                (self.nodes.len() - 1) as u32
            }
        };
        self.set_box(id, &bounds);
        id
    }

    /// Sets `node`'s box (`dims` least, then `dims` greatest coordinates) and its range.
    fn set_box(&mut self, node: u32, bounds: &[f32]) {
        let at = node as usize * 2 * self.dims;
        self.boxes[at..at + 2 * self.dims].copy_from_slice(bounds);
        let (lo, hi) = bounds.split_at(self.dims);
        self.nodes[node as usize].range = lo.iter().zip(hi).map(|(&lo, &hi)| (hi - lo) as f64).sum();
    }

    /// Adds `point`: from the root down, a random cut of each node's box grown to take the
    /// point (a side chosen in proportion to its length, a place on it uniformly); where the
    /// cut separates the point from the node's points, the point becomes a leaf beside the
    /// node, else the node's box grows and the point goes on down its side.
    fn insert(&mut self, point: &[f32], random: &mut Pcg32) {
        self.mass += 1;
        if self.root == NONE {
            self.root = self.new_leaf(point);
            return;
        }
        // Where the subtree at `at` hangs: the root, or a node's child.
        let mut parent: Option<(u32, usize)> = None;
        let mut at = self.root;
        loop {
            let (lo, hi) = self.child_box(at);
            let is_leaf = at & LEAF != 0;
            if is_leaf && lo == point {
                self.masses[(at & !LEAF) as usize] += 1;
                return;
            }
            if Self::excess(lo, hi, point) > 0.0 {
                if let Some((dim, cut, side)) = separating_cut(lo, hi, point, random, is_leaf) {
                    let node = self.new_node(at, point, dim, cut, side);
                    match parent {
                        Some((p, s)) => self.nodes[p as usize].children[s] = node,
                        None => self.root = node,
                    }
                    return;
                }
                // The node's box grows to take the point.
                let bounds = union((lo, hi), (point, point));
                self.set_box(at, &bounds);
            }
            self.nodes[at as usize].mass += 1;
            let node = &self.nodes[at as usize];
            let side = self.side(node, point);
            parent = Some((at, side));
            at = node.children[side];
        }
    }

    /// Takes one count of `point` (which the tree holds) away: its leaf goes when its count
    /// does, its sibling takes its parent's place, and the boxes above shrink to what is left.
    fn delete(&mut self, point: &[f32]) {
        self.mass -= 1;
        let mut path: Vec<(u32, usize)> = Vec::with_capacity(32);
        let mut at = self.root;
        while at & LEAF == 0 {
            let node = &self.nodes[at as usize];
            let side = self.side(node, point);
            path.push((at, side));
            at = node.children[side];
        }
        let leaf = at & !LEAF;
        debug_assert_eq!(self.leaf_point(leaf), point, "a sampled point is in its tree");
        for &(node, _) in &path {
            self.nodes[node as usize].mass -= 1;
        }
        self.masses[leaf as usize] -= 1;
        if self.masses[leaf as usize] > 0 {
            return;
        }
        self.free_leaves.push(leaf);
        let Some((parent, side)) = path.pop() else {
            self.root = NONE;
            return;
        };
        let sibling = self.nodes[parent as usize].children[1 - side];
        self.free_nodes.push(parent);
        match path.last() {
            Some(&(grand, s)) => self.nodes[grand as usize].children[s] = sibling,
            None => self.root = sibling,
        }
        for &(node, _) in path.iter().rev() {
            let [left, right] = self.nodes[node as usize].children;
            let bounds = union(self.child_box(left), self.child_box(right));
            let (lo, hi) = self.node_box(node);
            if lo.iter().chain(hi).eq(&bounds) {
                break;
            }
            self.set_box(node, &bounds);
        }
    }
}

/// `x` if above 0, else 0: a select, without a branch. Not `f64::max`: wasm's `f64.max` has
/// another rule for NaN than Rust's, which costs a dozen instructions to keep (Chromium scored
/// 27 K points a second with it, 31 K with this; natively the two are the same).
#[inline]
fn positive(x: f64) -> f64 {
    if x > 0.0 {
        x
    } else {
        0.0
    }
}

/// The smallest box holding two boxes (each its least and its greatest coordinates): `dims`
/// least coordinates, then `dims` greatest.
fn union((alo, ahi): (&[f32], &[f32]), (blo, bhi): (&[f32], &[f32])) -> Vec<f32> {
    let lo = alo.iter().zip(blo).map(|(a, b)| a.min(*b));
    let hi = ahi.iter().zip(bhi).map(|(a, b)| a.max(*b));
    lo.chain(hi).collect()
}

/// A random cut of the box `lo..hi` grown to take `point`: `(dim, cut, the point's side)` when
/// it separates the point from the box, else None. A leaf (a box of one point) is always
/// separated from a point unlike it: should rounding put the cut on the wrong side, the cut
/// moves to the grown box's edge.
fn separating_cut(
    lo: &[f32],
    hi: &[f32],
    point: &[f32],
    random: &mut Pcg32,
    leaf: bool,
) -> Option<(usize, f32, usize)> {
    let grown = |d: usize| (lo[d].min(point[d]), hi[d].max(point[d]));
    let total: f64 = (0..lo.len()).map(|d| (grown(d).1 - grown(d).0) as f64).sum();
    let mut r = unit(random) * total;
    let mut dim = lo.len() - 1;
    for d in 0..lo.len() {
        let (a, b) = grown(d);
        let side = (b - a) as f64;
        if r < side && side > 0.0 {
            dim = d;
            break;
        }
        r -= side;
    }
    let (a, b) = grown(dim);
    let cut = (a as f64 + r.clamp(0.0, (b - a) as f64)) as f32;
    let separates = |cut: f32| {
        if point[dim] <= cut && lo[dim] > cut {
            Some((dim, cut, 0))
        } else if point[dim] > cut && hi[dim] <= cut {
            Some((dim, cut, 1))
        } else {
            None
        }
    };
    match separates(cut) {
        Some(found) => Some(found),
        None if leaf => {
            let dim = (0..lo.len()).find(|&d| point[d] != lo[d]).expect("a point unlike the leaf's");
            let cut = lo[dim].min(point[dim]);
            Some((dim, cut, usize::from(point[dim] > cut)))
        }
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Tree {
        /// Every node's box is its children's boxes together and its mass their masses.
        fn check(&self) {
            fn walk(tree: &Tree, at: u32) -> u32 {
                if at & LEAF != 0 {
                    return tree.masses[(at & !LEAF) as usize];
                }
                let node = tree.nodes[at as usize];
                let mass = walk(tree, node.children[0]) + walk(tree, node.children[1]);
                assert_eq!(mass, node.mass);
                let ((llo, lhi), (rlo, rhi)) = (tree.child_box(node.children[0]), tree.child_box(node.children[1]));
                let (lo, hi) = tree.node_box(at);
                for d in 0..tree.dims {
                    assert_eq!(lo[d], llo[d].min(rlo[d]));
                    assert_eq!(hi[d], lhi[d].max(rhi[d]));
                }
                assert!(lhi[node.dim as usize] <= node.cut && rlo[node.dim as usize] > node.cut);
                mass
            }
            if self.root != NONE {
                assert_eq!(walk(self, self.root), self.mass);
            }
        }
    }

    fn points(n: usize, seed: u64) -> Vec<[f32; 2]> {
        use rand_core::SeedableRng;
        let mut random = Pcg32::seed_from_u64(seed);
        // Few distinct values, so leaves hold duplicates.
        (0..n).map(|_| [(random.next_u32() % 50) as f32, (random.next_u32() % 7) as f32 * 0.5]).collect()
    }

    #[test]
    fn trees_stay_whole_as_points_come_and_go() {
        let mut forest = Forest::new(2, 5, 32, 0.01, 1, 1);
        for p in points(5_000, 2) {
            forest.update(&p);
        }
        for (tree, sampler) in forest.trees.iter().zip(&forest.samplers) {
            tree.check();
            assert_eq!(tree.mass as usize, sampler.weights.len());
            assert_eq!(sampler.weights.len(), 32);
            for (d, &sum) in sampler.sums.iter().enumerate() {
                let kept: f64 = sampler.points.iter().skip(d).step_by(2).map(|&x| x as f64).sum();
                assert_eq!(sum, kept);
            }
        }
    }

    #[test]
    fn an_outlier_scores_above_the_sample_and_its_parts_add_up() {
        let mut forest = Forest::new(2, 50, 64, 1e-4, 1, 3);
        for p in points(2_000, 4) {
            forest.update(&p);
        }
        let usual = forest.score(&[20.0, 1.5]);
        let outlier = forest.score(&[500.0, 1.5]);
        assert!(outlier > 2.0 * usual, "{outlier} against {usual}");
        let parts = forest.attribution(&[500.0, 1.5]);
        let total: f64 = parts.iter().map(|p| p.high + p.low).sum();
        assert!((total - outlier).abs() < 1e-9 * outlier, "{total} against {outlier}");
        assert!(parts[0].high > 0.9 * outlier, "{parts:?}");
    }

    /// Four trees walked together (the score) give what each walked alone does (its
    /// attribution, which adds up to its score), for sampled points, points beside them and
    /// far away.
    #[test]
    fn trees_walked_together_score_as_each_alone() {
        let mut forest = Forest::new(2, 7, 32, 0.01, 1, 9);
        let all = points(2_000, 10);
        for p in &all {
            forest.update(p);
        }
        for p in all.iter().take(200).chain(&[[1e6, -3.0], [25.0, 0.25]]) {
            let together = forest.score(p);
            let alone: f64 = forest.attribution(p).iter().map(|part| part.high + part.low).sum();
            assert!((together - alone).abs() <= 1e-12 * together, "{together} against {alone}");
            assert!(together > 0.0);
        }
    }

    #[test]
    fn refusing_early_takes_the_points_the_weights_take() {
        let mut fast = Forest::new(2, 20, 16, 0.001, 2, 5);
        let mut slow = Forest::new(2, 20, 16, 0.001, 2, 5);
        for p in points(20_000, 6) {
            fast.update(&p);
            for s in &mut slow.samplers {
                s.refuse_below = None;
            }
            slow.update(&p);
        }
        for (a, b) in fast.samplers.iter().zip(&slow.samplers) {
            assert_eq!(a.weights, b.weights);
            assert_eq!(a.points, b.points);
        }
    }

    #[test]
    fn a_restored_forest_goes_on_as_the_original() {
        let mut forest = Forest::new(2, 10, 32, 0.01, 3, 7);
        let all = points(3_000, 8);
        for p in &all[..1_500] {
            forest.update(p);
        }
        let mut restored: Forest = postcard::from_bytes(&postcard::to_allocvec(&forest).unwrap()).unwrap();
        for p in &all[1_500..] {
            assert_eq!(forest.score(p).to_bits(), restored.score(p).to_bits());
            forest.update(p);
            restored.update(p);
        }
    }
}
