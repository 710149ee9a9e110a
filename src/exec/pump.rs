//! A pump as a graph of operators: each operator reads one or two inputs (an in-application
//! stream, or another operator of the pump) and feeds one operator above it, or the pump's
//! target stream. The plan is a tree, so the graph is one: its leaves read streams, its root
//! writes the target.
//!
//! Rows go up the tree batch by batch; watermarks follow them, input by input: an operator
//! with two inputs takes the smaller of their watermarks as its own (a closed input no longer
//! holds it back), and passes on what its watermark releases, then the watermark. Operators
//! are kept in the order they were made, inputs before the operators they feed; that order
//! numbers them (in EXPLAIN and in their state's namespace, `PUMP/INDEX/…`).

use arrow_array::RecordBatch;

use super::{process_or_isolate, Context, Operator};
use crate::error::{Error, Result};
use crate::plan::{Expr, JobOptions, LogicalPlan, PumpPlan, TvfKind, WindowSpec};
use crate::state::StateBackend;

use super::{
    input_reads, EventTimeOverExec, ExpandExec, FilterExec, GroupAggregateExec, HopWindowExec, HotspotsExec,
    IntervalJoinExec, JoinSpec, KdaJoinExec, LookupJoinExec, MatchRecognizeExec, ProjectionExec, RandomCutForestExec,
    RankExec, RegularJoinExec, SessionWindowExec, SlidingWindowExec, SortExec, StaggerWindowExec, TemporalJoinExec,
    TopPerWindowExec, UnionExec, UnnestExec, WindowAggregateExec, WindowJoinExec, WindowTvfExec,
};
use crate::plan::JoinTime;

/// What the runtime sends down a pump besides data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Signal {
    Watermark(i64),
    Close,
}

/// Where an operator's input comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Feed {
    /// An in-application stream.
    Stream(String),
    /// Another operator of the pump, by its index.
    Operator(usize),
}

struct Node {
    op: Box<dyn Operator>,
    inputs: Vec<Feed>,
    /// The operator and input this one's rows go to; `None` for the root (the target).
    output: Option<(usize, usize)>,
    rows_in: u64,
    rows_out: u64,
    /// Each input's latest watermark (`i64::MAX` once it has closed), `None` before its first.
    input_watermarks: Vec<Option<i64>>,
    closed: Vec<bool>,
    /// The watermark the operator has reached: the smallest of its inputs'.
    watermark: Option<i64>,
    /// Whether every input has closed and the operator with them.
    done: bool,
    /// Batches for an operator with two inputs, by input, until the next signal.
    waiting: Vec<(usize, RecordBatch)>,
}

impl Node {
    /// The smallest of the inputs' watermarks, once each has one.
    fn combined_watermark(&self) -> Option<i64> {
        self.input_watermarks.iter().try_fold(i64::MAX, |low, w| w.map(|w| low.min(w)))
    }
}

/// One pump as a graph of operators: source streams in, target stream out.
pub struct PumpExec {
    pub name: String,
    /// The streams the pump reads, in the order its plan names them.
    pub sources: Vec<String>,
    pub target: String,
    /// Inputs before the operators they feed; the root last.
    nodes: Vec<Node>,
    /// Rows in since the operators last flushed their changes.
    unflushed: usize,
}

/// What a checkpoint keeps of where an operator's inputs are in time.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NodeProgress {
    input_watermarks: Vec<Option<i64>>,
    closed: Vec<bool>,
    watermark: Option<i64>,
    done: bool,
}

/// Input rows a pump takes in between two flushes of its operators' changes to a write-through
/// backend, at most: each group changed in them is written once, however many of its rows came
/// (kdalite's own batching of state writes; Flink's `table.exec.mini-batch` option, which
/// changes what an aggregate emits, is `exec::group`'s). The runtime also flushes at the end
/// of each step and before each checkpoint.
pub const FLUSH_ROWS: usize = 65_536;

/// A pump as the dataflow view shows it: its operators with their inputs, rows in and out and
/// the state they hold, and its latest watermark.
#[derive(Debug, Clone, PartialEq)]
pub struct PumpFlow {
    pub name: String,
    pub sources: Vec<String>,
    pub target: String,
    /// What the target receives: `insert-only`, `updating (+I -U +U -D)` or `upsert by key`
    /// (the runtime, which knows the target, says).
    pub changelog: String,
    pub watermark: Option<i64>,
    /// Inputs before the operators they feed; the root, which writes the target, last.
    pub operators: Vec<OperatorFlow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OperatorFlow {
    pub name: String,
    pub inputs: Vec<Feed>,
    pub rows_in: u64,
    pub rows_out: u64,
    pub state_entries: usize,
    /// The smallest of its inputs' watermarks.
    pub watermark: Option<i64>,
    pub windows: Vec<WindowSpan>,
}

/// An open window: its time span (end exclusive) and the groups it holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowSpan {
    pub start: i64,
    pub end: i64,
    pub groups: usize,
}

impl PumpExec {
    /// The operators of `pump`, run by the application's job `options`.
    pub fn new(pump: &PumpPlan, options: JobOptions) -> Result<PumpExec> {
        let mut nodes: Vec<Node> = Vec::new();
        if let Feed::Stream(_) = build(&pump.plan, &pump.name, options, &mut nodes)? {
            return Err(Error::Internal(format!("pump \"{}\" has no operator", pump.name)));
        }
        for i in 0..nodes.len() {
            for port in 0..nodes[i].inputs.len() {
                if let Feed::Operator(from) = nodes[i].inputs[port] {
                    nodes[from].output = Some((i, port));
                }
            }
        }
        // The streams read, left to right as the plan reads them.
        fn read(nodes: &[Node], i: usize, sources: &mut Vec<String>) {
            for feed in &nodes[i].inputs {
                match feed {
                    Feed::Stream(s) if !sources.contains(s) => sources.push(s.clone()),
                    Feed::Stream(_) => {}
                    Feed::Operator(from) => read(nodes, *from, sources),
                }
            }
        }
        let mut sources: Vec<String> = Vec::new();
        read(&nodes, nodes.len() - 1, &mut sources);
        Ok(PumpExec { name: pump.name.clone(), sources, target: pump.target.clone(), nodes, unflushed: 0 })
    }

    /// Whether the pump reads `stream`.
    pub fn reads(&self, stream: &str) -> bool {
        self.sources.iter().any(|s| s == stream)
    }

    /// The watermark the pump passes to its target: its root operator's.
    pub fn watermark(&self) -> Option<i64> {
        self.nodes.last().and_then(|n| n.watermark.map(|w| n.op.passed_on_watermark(w)))
    }

    /// Whether every input has closed, and the pump with them.
    pub fn is_done(&self) -> bool {
        self.nodes.last().is_some_and(|n| n.done)
    }

    /// The pump as the dataflow view shows it; `windows`: with each operator's open windows
    /// (the timeline's, which for session windows walks every session).
    pub fn flow(&self, windows: bool) -> PumpFlow {
        let operators = self
            .nodes
            .iter()
            .map(|n| OperatorFlow {
                name: described(n.op.as_ref()),
                inputs: n.inputs.clone(),
                rows_in: n.rows_in,
                rows_out: n.rows_out,
                state_entries: n.op.state_entries(),
                watermark: n.watermark,
                windows: if windows { n.op.open_windows() } else { vec![] },
            })
            .collect();
        PumpFlow {
            name: self.name.clone(),
            sources: self.sources.clone(),
            target: self.target.clone(),
            changelog: String::new(),
            watermark: self.watermark(),
            operators,
        }
    }

    /// How the pump's operators lay their state out beyond what its plan says (see
    /// [`Operator::state_layout`]): empty for most pumps.
    pub fn state_layout(&self) -> String {
        self.nodes.iter().map(|n| n.op.state_layout()).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("; ")
    }

    /// Each operator's checkpoint bytes, in operator order.
    pub fn save(&self) -> Result<Vec<Option<Vec<u8>>>> {
        self.nodes.iter().map(|n| n.op.save()).collect()
    }

    /// Where each operator's inputs are in time (their watermarks, which have closed), for a
    /// checkpoint: an operator with two inputs waits for both again otherwise.
    pub fn progress(&self) -> Vec<NodeProgress> {
        self.nodes
            .iter()
            .map(|n| NodeProgress {
                input_watermarks: n.input_watermarks.clone(),
                closed: n.closed.clone(),
                watermark: n.watermark,
                done: n.done,
            })
            .collect()
    }

    /// Puts back what [`PumpExec::progress`] returned.
    pub fn restore_progress(&mut self, progress: Vec<NodeProgress>) {
        for (node, p) in self.nodes.iter_mut().zip(progress) {
            if p.input_watermarks.len() == node.inputs.len() && p.closed.len() == node.inputs.len() {
                node.input_watermarks = p.input_watermarks;
                node.closed = p.closed;
                node.watermark = p.watermark;
                node.done = p.done;
            }
        }
    }

    /// Writes each operator's changed state to `state`, if it is write-through.
    pub fn flush(&mut self, state: &mut dyn StateBackend) -> Result<()> {
        self.unflushed = 0;
        self.nodes.iter_mut().try_for_each(|n| n.op.flush(state))
    }

    /// Puts back what [`PumpExec::save`] returned, with the operators' tables in `state`.
    pub fn load(&mut self, saved: Vec<Option<Vec<u8>>>, state: &mut dyn StateBackend) -> Result<()> {
        if saved.len() != self.nodes.len() {
            return Err(Error::Execution(format!(
                "pump \"{}\" has {} operators, its checkpoint {}: the application changed",
                self.name,
                self.nodes.len(),
                saved.len()
            )));
        }
        for (node, bytes) in self.nodes.iter_mut().zip(saved) {
            if let Some(bytes) = bytes {
                node.op.load(&bytes, state)?;
            }
        }
        Ok(())
    }

    /// Entries the pump's operators hold in their typed state tables.
    pub fn state_entries(&self) -> usize {
        self.nodes.iter().map(|n| n.op.state_entries()).sum()
    }

    /// Each operator's name and inputs, in operator order.
    pub fn operators(&self) -> Vec<(String, Vec<Feed>)> {
        self.nodes.iter().map(|n| (described(n.op.as_ref()), n.inputs.clone())).collect()
    }

    /// The operators and inputs that read `stream`.
    fn readers(&self, stream: &str) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        for (i, node) in self.nodes.iter().enumerate() {
            for (port, feed) in node.inputs.iter().enumerate() {
                if matches!(feed, Feed::Stream(s) if s == stream) {
                    found.push((i, port));
                }
            }
        }
        found
    }

    /// Pushes a batch of `stream` through the operators that read it; returns what reaches the
    /// target stream.
    pub fn push(&mut self, stream: &str, batch: RecordBatch, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        self.unflushed += batch.num_rows();
        let mut out = Vec::new();
        for (node, port) in self.readers(stream) {
            self.deliver(node, port, vec![batch.clone()], ctx, &mut out)?;
        }
        if self.unflushed >= FLUSH_ROWS {
            self.flush(ctx.state)?;
        }
        Ok(out)
    }

    /// Passes a watermark or the end of `stream` to the operators that read it; returns what
    /// that releases.
    pub fn signal(&mut self, stream: &str, signal: Signal, ctx: &mut Context) -> Result<Vec<RecordBatch>> {
        let mut out = Vec::new();
        for (node, port) in self.readers(stream) {
            self.signal_node(node, port, signal, ctx, &mut out)?;
        }
        Ok(out)
    }

    /// Batches into input `port` of operator `node`, and what comes of them on up the graph.
    fn deliver(
        &mut self,
        node: usize,
        port: usize,
        batches: Vec<RecordBatch>,
        ctx: &mut Context,
        out: &mut Vec<RecordBatch>,
    ) -> Result<()> {
        let n = &mut self.nodes[node];
        // An operator with two inputs takes their rows merged in order (see `merge`), at the
        // next signal: by then each input has had its rows of the same input batch.
        if n.inputs.len() > 1 {
            for batch in batches {
                n.rows_in += batch.num_rows() as u64;
                n.waiting.push((port, batch));
            }
            return Ok(());
        }
        let mut produced = Vec::new();
        for batch in batches {
            n.rows_in += batch.num_rows() as u64;
            produced.extend(process_or_isolate(n.op.as_mut(), port, batch, ctx)?);
        }
        self.pass_up(node, produced, ctx, out)
    }

    /// The rows waiting at an operator with two inputs, processed in the order they would
    /// have arrived: by ROWTIME, then by the watermark they meet (both only grow along an
    /// input), the left input's first on ties. Rows of one input stay in their order.
    fn take_waiting(&mut self, node: usize, ctx: &mut Context, out: &mut Vec<RecordBatch>) -> Result<()> {
        let waiting = std::mem::take(&mut self.nodes[node].waiting);
        if waiting.is_empty() {
            return Ok(());
        }
        let mut produced = Vec::new();
        for (port, batch) in merge(waiting)? {
            produced.extend(process_or_isolate(self.nodes[node].op.as_mut(), port, batch, ctx)?);
        }
        self.pass_up(node, produced, ctx, out)
    }

    /// What operator `node` produced, to the operator it feeds or the target.
    fn pass_up(
        &mut self,
        node: usize,
        produced: Vec<RecordBatch>,
        ctx: &mut Context,
        out: &mut Vec<RecordBatch>,
    ) -> Result<()> {
        let produced: Vec<RecordBatch> = produced.into_iter().filter(|b| b.num_rows() > 0).collect();
        if produced.is_empty() {
            return Ok(());
        }
        let n = &mut self.nodes[node];
        n.rows_out += produced.iter().map(|b| b.num_rows() as u64).sum::<u64>();
        match n.output {
            Some((parent, port)) => self.deliver(parent, port, produced, ctx, out),
            None => {
                out.extend(produced);
                Ok(())
            }
        }
    }

    /// A watermark or close on input `port` of operator `node`: when the operator's own
    /// watermark advances (or its last input closes) it releases what it holds, then passes the
    /// signal on.
    fn signal_node(
        &mut self,
        node: usize,
        port: usize,
        signal: Signal,
        ctx: &mut Context,
        out: &mut Vec<RecordBatch>,
    ) -> Result<()> {
        if self.nodes[node].done || self.nodes[node].closed[port] {
            return Ok(());
        }
        self.take_waiting(node, ctx, out)?;
        let n = &mut self.nodes[node];
        match signal {
            Signal::Watermark(wm) => {
                n.input_watermarks[port] = Some(n.input_watermarks[port].map_or(wm, |w| w.max(wm)));
                n.op.input_watermark(port, wm);
            }
            Signal::Close => {
                n.closed[port] = true;
                n.input_watermarks[port] = Some(i64::MAX);
            }
        }
        if n.closed.iter().all(|c| *c) {
            n.done = true;
            let produced = n.op.on_close(ctx)?;
            self.pass_up(node, produced, ctx, out)?;
            return self.signal_output(node, Signal::Close, ctx, out);
        }
        let Some(combined) = n.combined_watermark() else { return Ok(()) };
        // A watermark that does not advance is passed on all the same: a KDA stream's (its
        // latest ROWTIME) closes windows as rows at their end arrive, however often it repeats.
        n.watermark = Some(n.watermark.map_or(combined, |w| w.max(combined)));
        let produced = n.op.handle_watermark(combined, ctx)?;
        let passed_on = n.op.passed_on_watermark(combined);
        self.pass_up(node, produced, ctx, out)?;
        self.signal_output(node, Signal::Watermark(passed_on), ctx, out)
    }

    fn signal_output(
        &mut self,
        node: usize,
        signal: Signal,
        ctx: &mut Context,
        out: &mut Vec<RecordBatch>,
    ) -> Result<()> {
        match self.nodes[node].output {
            Some((parent, port)) => self.signal_node(parent, port, signal, ctx, out),
            None => Ok(()),
        }
    }
}

/// Batches of two inputs as one sequence of slices in arrival order: each input's rows in their
/// order, merged by (ROWTIME, the watermark the row meets), the left's first on ties.
fn merge(waiting: Vec<(usize, RecordBatch)>) -> Result<Vec<(usize, RecordBatch)>> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::TimestampMillisecondType;
    use arrow_array::Array;
    let mut sides: [Vec<RecordBatch>; 2] = [Vec::new(), Vec::new()];
    for (port, batch) in waiting {
        sides[port.min(1)].push(batch);
    }
    if sides[0].is_empty() || sides[1].is_empty() {
        let port = usize::from(sides[0].is_empty());
        return Ok(sides[port].drain(..).map(|b| (port, b)).collect());
    }
    // Each row's key: ROWTIME, and the watermark it meets (if its input carries one).
    let keys = |batches: &[RecordBatch]| -> Vec<(usize, usize, (i64, i64))> {
        let mut out = Vec::new();
        for (b, batch) in batches.iter().enumerate() {
            let times = batch.column(0).as_primitive_opt::<TimestampMillisecondType>();
            let marks = batch
                .schema()
                .index_of(crate::plan::WATERMARK_COLUMN)
                .ok()
                .and_then(|c| batch.column(c).as_primitive_opt::<TimestampMillisecondType>().cloned());
            for row in 0..batch.num_rows() {
                let t = times.map_or(0, |t| t.value(row));
                let w = marks.as_ref().filter(|m| m.is_valid(row)).map_or(i64::MIN, |m| m.value(row));
                out.push((b, row, (t, w)));
            }
        }
        out
    };
    let (left, right) = (keys(&sides[0]), keys(&sides[1]));
    let mut slices: Vec<(usize, RecordBatch)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < left.len() || j < right.len() {
        let port = usize::from(!(j == right.len() || (i < left.len() && left[i].2 <= right[j].2)));
        // A run of this input's rows from one batch, up to where the other input comes first.
        let (list, other, at) = if port == 0 { (&left, right.get(j), &mut i) } else { (&right, left.get(i), &mut j) };
        let (batch, first) = (list[*at].0, list[*at].1);
        let mut len = 0;
        while *at < list.len() && list[*at].0 == batch {
            let before = match other {
                None => true,
                Some(o) if port == 0 => list[*at].2 <= o.2,
                Some(o) => list[*at].2 < o.2,
            };
            if !before && len > 0 {
                break;
            }
            len += 1;
            *at += 1;
        }
        slices.push((port, sides[port][batch].slice(first, len)));
    }
    Ok(slices)
}

/// `EXPLAIN`: the logical plan, the operators each pump runs, and the watermark strategy of
/// every table that declares one, as stable indented text.
pub fn explain(app: &crate::plan::ApplicationPlan) -> Result<String> {
    use std::fmt::Write;
    let mut out = String::from("== Logical plan ==\n");
    let _ = write!(out, "{app}");
    out.push_str("== Physical plan ==\n");
    for pump in &app.pumps {
        let exec = PumpExec::new(pump, app.options)?;
        let sources: Vec<String> = exec.sources.iter().map(|s| format!("\"{s}\"")).collect();
        let _ = writeln!(out, "Pump \"{}\": {} → \"{}\"", exec.name, sources.join(" + "), exec.target);
        for (i, (op, inputs)) in exec.operators().iter().enumerate() {
            // A chain reads the stream, then each operator the one before: said only otherwise.
            let chained = match inputs.as_slice() {
                [Feed::Operator(from)] => *from + 1 == i,
                [Feed::Stream(_)] => i == 0,
                _ => false,
            };
            let from = if chained {
                String::new()
            } else {
                let feeds: Vec<String> = inputs
                    .iter()
                    .map(|f| match f {
                        Feed::Stream(s) => format!("\"{s}\""),
                        Feed::Operator(o) => format!("{}.", o + 1),
                    })
                    .collect();
                format!(" ← {}", feeds.join(", "))
            };
            let _ = writeln!(out, "  {}. {op}{from}", i + 1);
        }
    }
    let watermarked: Vec<_> = app.streams.iter().filter_map(|s| s.watermark().map(|w| (s, w))).collect();
    if !watermarked.is_empty() {
        out.push_str("== Watermarks ==\n");
        for (stream, w) in watermarked {
            let column = stream.schema.field(w.column).name();
            if stream.view {
                let origin: Vec<String> = stream.watermark_origin.iter().map(|s| format!("\"{s}\"")).collect();
                let _ = writeln!(
                    out,
                    "\"{}\": time attribute {column}, with the watermark of {} (a view's rows keep the one they met)",
                    stream.name,
                    origin.join(" and ")
                );
                continue;
            }
            let _ = writeln!(
                out,
                "\"{}\": WATERMARK FOR {column} AS {column} - {} ms, emitted after every row",
                stream.name, w.delay_ms
            );
        }
    }
    Ok(out)
}

/// Adds operator `op` reading `inputs` to the graph; returns it as a feed.
fn add(nodes: &mut Vec<Node>, op: Box<dyn Operator>, inputs: Vec<Feed>) -> Feed {
    let n = inputs.len();
    nodes.push(Node {
        op,
        inputs,
        output: None,
        rows_in: 0,
        rows_out: 0,
        input_watermarks: vec![None; n],
        closed: vec![false; n],
        watermark: None,
        done: false,
        waiting: Vec::new(),
    });
    Feed::Operator(nodes.len() - 1)
}

/// An operator as EXPLAIN and the Dataflow show it: its name, and how it lays its state out
/// where that is not all of its input (a join keeping some columns).
fn described(op: &dyn Operator) -> String {
    match op.state_layout() {
        layout if layout.is_empty() => op.name(),
        layout => format!("{}; {layout}", op.name()),
    }
}

/// Adds the operators for `plan` (inputs first); returns what feeds the plan's parent.
fn build(plan: &LogicalPlan, pump: &str, options: JobOptions, nodes: &mut Vec<Node>) -> Result<Feed> {
    build_for(plan, None, pump, options, nodes)
}

/// [`build`], for a consumer that reads only the columns `used` flags of `plan`'s output (`None`:
/// all): a join then keeps and decodes only those of its sides' columns.
fn build_for(
    plan: &LogicalPlan,
    used: Option<Vec<bool>>,
    pump: &str,
    options: JobOptions,
    nodes: &mut Vec<Node>,
) -> Result<Feed> {
    // The state namespace is the operator's identity: the pump's name and the operator's index.
    let id = |nodes: &Vec<Node>, what: &str| format!("{pump}/{}/{what}", nodes.len());
    Ok(match plan {
        LogicalPlan::Scan { stream, .. } => Feed::Stream(stream.clone()),
        LogicalPlan::LookupJoin { input, table, kind, keys, residual, schema } => {
            let input = build(input, pump, options, nodes)?;
            let op = LookupJoinExec::new(table.clone(), *kind, keys, residual.clone(), schema.clone())?;
            add(nodes, Box::new(op), vec![input])
        }
        LogicalPlan::Filter { input, predicate } => {
            // Below a filter, what is read above it and what it reads.
            let used = used.map(|mut used| {
                predicate.mark_columns(&mut used);
                used
            });
            let input = build_for(input, used, pump, options, nodes)?;
            add(nodes, Box::new(FilterExec::new(predicate.clone())), vec![input])
        }
        LogicalPlan::Expand { input, projections, schema } => {
            let input = build(input, pump, options, nodes)?;
            add(nodes, Box::new(ExpandExec::new(projections.clone(), schema.clone())), vec![input])
        }
        LogicalPlan::Unnest { input, array, outer, ordinality, schema } => {
            let input = build(input, pump, options, nodes)?;
            add(nodes, Box::new(UnnestExec::new(array.clone(), *outer, *ordinality, schema.clone())), vec![input])
        }
        LogicalPlan::RandomCutForest { input, spec, schema } => {
            let input = build(input, pump, options, nodes)?;
            let op = RandomCutForestExec::new(id(nodes, "forest"), spec.clone(), schema.clone());
            add(nodes, Box::new(op), vec![input])
        }
        LogicalPlan::MatchRecognize { input, spec, schema } => {
            let input = build(input, pump, options, nodes)?;
            let op = MatchRecognizeExec::new(id(nodes, "match"), spec.as_ref().clone(), schema.clone())?;
            add(nodes, Box::new(op), vec![input])
        }
        LogicalPlan::Sort { input: input_plan, group, keys, watermark } => {
            let schema = input_plan.schema();
            let input = build(input_plan, pump, options, nodes)?;
            add(nodes, Box::new(SortExec::new(group.clone(), keys.clone(), schema, *watermark)), vec![input])
        }
        LogicalPlan::Hotspots { input, spec, schema } => {
            let input = build(input, pump, options, nodes)?;
            add(nodes, Box::new(HotspotsExec::new(spec.clone(), schema.clone())), vec![input])
        }
        LogicalPlan::GroupRank { input: input_plan, spec, schema } => {
            let input = build(input_plan, pump, options, nodes)?;
            add(nodes, Box::new(SortExec::ranking(spec.clone(), input_plan.schema(), schema.clone())), vec![input])
        }
        LogicalPlan::TopPerWindow { input, k, by } => {
            let input = build(input, pump, options, nodes)?;
            add(nodes, Box::new(TopPerWindowExec::new(*k, *by)), vec![input])
        }
        LogicalPlan::Rank { input: input_plan, spec, schema } => {
            let input_schema = input_plan.schema();
            let input = build(input_plan, pump, options, nodes)?;
            let op = RankExec::new(id(nodes, "rank"), spec.clone(), input_schema, schema.clone(), options.state_ttl)?;
            add(nodes, Box::new(op), vec![input])
        }
        LogicalPlan::Join {
            left,
            right,
            kind,
            time,
            keys,
            residual,
            watermarks,
            shared_watermark,
            ops,
            state_ttl,
            schema,
        } => {
            // A join below this one keeps only what this one reads of it.
            let mut inputs = Vec::with_capacity(2);
            for (side, input) in [left, right].into_iter().enumerate() {
                inputs.push(build_for(input, input_reads(plan, used.as_deref(), side), pump, options, nodes)?);
            }
            let (left_schema, right_schema) = (left.schema(), right.schema());
            let sides = [&left_schema, &right_schema];
            let spec = JoinSpec {
                id: id(nodes, "join"),
                kind: *kind,
                keys: keys.clone(),
                residual: residual.clone(),
                watermarks: *watermarks,
                shared_watermark: *shared_watermark,
                ops: [ops.0, ops.1],
                schema: schema.clone(),
                used,
            };
            let op: Box<dyn Operator> = match time {
                JoinTime::Regular => {
                    let ttl = state_ttl.map(|hint| hint.or(options.state_ttl));
                    Box::new(RegularJoinExec::new(spec, sides, ttl)?)
                }
                JoinTime::Interval { left_time, right_time, lower, upper } => {
                    Box::new(IntervalJoinExec::new(spec, sides, [*left_time, *right_time], (*lower, *upper))?)
                }
                JoinTime::Window { left_end, right_end } => {
                    Box::new(WindowJoinExec::new(spec, sides, [*left_end, *right_end])?)
                }
                JoinTime::Kda { left, right } => Box::new(KdaJoinExec::new(spec, sides, [*left, *right])?),
                JoinTime::Temporal { left_time, right_time } => {
                    Box::new(TemporalJoinExec::new(spec, sides, [*left_time, *right_time])?)
                }
            };
            add(nodes, op, inputs)
        }
        LogicalPlan::Union { left, right, kda, shared_watermark, schema } => {
            let inputs = vec![build(left, pump, options, nodes)?, build(right, pump, options, nodes)?];
            add(nodes, Box::new(UnionExec::new(schema.clone(), *kda, *shared_watermark)?), inputs)
        }
        LogicalPlan::Projection { input, exprs, schema } => {
            // The select list reads only its columns: a join below it (or below a filter under
            // it) keeps only those, and the filter's. A column it only passes on to a consumer
            // that does not read it is not read either (an expression it computes is, so that
            // it computes it from the row's values).
            let read_above = used;
            let mut used = vec![false; input.schema().fields().len()];
            for (i, e) in exprs.iter().enumerate() {
                let passed_unread = matches!(e, Expr::Column { .. })
                    && read_above.as_ref().is_some_and(|above| !above.get(i).copied().unwrap_or(true));
                if !passed_unread {
                    e.mark_columns(&mut used);
                }
            }
            // A filter that only picks columns for the select list picks them itself; the select
            // list then passes its rows on (the operators stay as the plan has them).
            if let LogicalPlan::Filter { input: below, predicate } = &**input {
                if let Some(filter) = FilterExec::picking(predicate, exprs, schema) {
                    predicate.mark_columns(&mut used);
                    let below = build_for(below, Some(used), pump, options, nodes)?;
                    let filter = add(nodes, Box::new(filter), vec![below]);
                    let columns = schema.fields().iter().enumerate().map(|(i, f)| Expr::column_of(i, f));
                    return Ok(add(
                        nodes,
                        Box::new(ProjectionExec::new(columns.collect(), schema.clone())?),
                        vec![filter],
                    ));
                }
            }
            let input = build_for(input, Some(used), pump, options, nodes)?;
            add(nodes, Box::new(ProjectionExec::new(exprs.clone(), schema.clone())?), vec![input])
        }
        LogicalPlan::SlidingWindow { input, windows, aggregates, schema } => {
            let input = build(input, pump, options, nodes)?;
            let id = id(nodes, "over");
            let op: Box<dyn Operator> = match windows.first().and_then(|w| w.event_time) {
                Some(watermark_column) => Box::new(EventTimeOverExec::new(
                    id,
                    windows.clone(),
                    aggregates.clone(),
                    schema.clone(),
                    watermark_column,
                )?),
                None => Box::new(SlidingWindowExec::new(id, windows.clone(), aggregates.clone(), schema.clone())?),
            };
            add(nodes, op, vec![input])
        }
        LogicalPlan::WindowTvf { input, kind, time_column, schema } => {
            let input = build(input, pump, options, nodes)?;
            if matches!(kind, TvfKind::Session { .. }) {
                return Err(Error::Plan {
                    message: "SESSION without an aggregate is not supported yet; GROUP BY window_start, window_end"
                        .into(),
                    position: None,
                });
            }
            add(nodes, Box::new(WindowTvfExec::new(kind.clone(), *time_column, schema.clone())), vec![input])
        }
        LogicalPlan::WindowAggregate { input, window, group_exprs, aggregates, schema } => {
            // A GROUP BY without a window reads of its input only ROWTIME, the row kinds, its
            // keys and its aggregates' arguments: a join below it keeps only those columns. (A
            // window's late rows carry their input row whole: below one, nothing is left out.)
            let used = match window {
                WindowSpec::Changelog { input_op, .. } => Some(*input_op),
                _ => None,
            }
            .map(|input_op| {
                let mut used = vec![false; input.schema().fields().len()];
                used[0] = true;
                input_op.iter().for_each(|&op| used[op] = true);
                group_exprs.iter().for_each(|e| e.mark_columns(&mut used));
                aggregates.iter().filter_map(|a| a.arg.as_ref()).for_each(|e| e.mark_columns(&mut used));
                used
            });
            let input = build_for(input, used, pump, options, nodes)?;
            let id = id(nodes, "window");
            let (group_exprs, aggregates, schema) = (group_exprs.clone(), aggregates.clone(), schema.clone());
            let op: Box<dyn Operator> = match window {
                WindowSpec::EventTime { kind: TvfKind::Session { gap, .. }, time_column, watermark_column } => {
                    Box::new(SessionWindowExec::new(
                        id,
                        *gap,
                        *time_column,
                        *watermark_column,
                        group_exprs,
                        aggregates,
                        schema,
                    )?)
                }
                WindowSpec::EventTime { kind: TvfKind::Hop { slide, size, offset }, time_column, watermark_column }
                    if HopWindowExec::applies(*slide, *size) =>
                {
                    Box::new(HopWindowExec::new(
                        id,
                        (*slide, *size, *offset),
                        *time_column,
                        *watermark_column,
                        group_exprs,
                        aggregates,
                        schema,
                    )?)
                }
                WindowSpec::Changelog { input_op, state_ttl } => Box::new(GroupAggregateExec::new(
                    id,
                    group_exprs,
                    aggregates,
                    *input_op,
                    options.mini_batch,
                    state_ttl.or(options.state_ttl),
                    schema,
                )?),
                WindowSpec::Stagger { range_ms } => {
                    Box::new(StaggerWindowExec::new(id, *range_ms, group_exprs, aggregates, schema)?)
                }
                window => Box::new(WindowAggregateExec::new(id, window.clone(), group_exprs, aggregates, schema)?),
            };
            add(nodes, op, vec![input])
        }
    })
}
