//! Resolved expressions: columns are indices into the input schema and every node has a type.

use std::fmt;

use arrow_schema::DataType;

use super::functions::{ArrayOp, MapOp, ScalarFunction};
use super::scalar::ScalarValue;
use super::types::{decimal_result, is_integer, timestamp_type};
use super::WindowSize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Plus,
    Minus,
    Multiply,
    Divide,
    Modulo,
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    And,
    Or,
}

impl BinaryOp {
    pub fn is_comparison(self) -> bool {
        use BinaryOp::*;
        matches!(self, Eq | NotEq | Lt | LtEq | Gt | GtEq)
    }

    pub fn is_logical(self) -> bool {
        matches!(self, BinaryOp::And | BinaryOp::Or)
    }
}

impl fmt::Display for BinaryOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use BinaryOp::*;
        f.write_str(match self {
            Plus => "+",
            Minus => "-",
            Multiply => "*",
            Divide => "/",
            Modulo => "%",
            Eq => "=",
            NotEq => "<>",
            Lt => "<",
            LtEq => "<=",
            Gt => ">",
            GtEq => ">=",
            And => "AND",
            Or => "OR",
        })
    }
}

/// A time unit that `FLOOR(ts TO unit)` truncates to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnitKw {
    Second,
    Minute,
    Hour,
    Day,
    Month,
    Year,
}

impl TimeUnitKw {
    /// The unit's length in milliseconds; `None` for months and years, whose lengths vary.
    pub fn millis(self) -> Option<i64> {
        match self {
            TimeUnitKw::Second => Some(1_000),
            TimeUnitKw::Minute => Some(60_000),
            TimeUnitKw::Hour => Some(3_600_000),
            TimeUnitKw::Day => Some(86_400_000),
            TimeUnitKw::Month | TimeUnitKw::Year => None,
        }
    }
}

impl fmt::Display for TimeUnitKw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeUnitKw::Second => "SECOND",
            TimeUnitKw::Minute => "MINUTE",
            TimeUnitKw::Hour => "HOUR",
            TimeUnitKw::Day => "DAY",
            TimeUnitKw::Month => "MONTH",
            TimeUnitKw::Year => "YEAR",
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Column {
        index: usize,
        name: String,
        data_type: DataType,
    },
    Literal(ScalarValue),
    /// Both sides already have the operator's operand type (the planner inserts casts).
    Binary {
        op: BinaryOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Not(Box<Expr>),
    Negate(Box<Expr>),
    IsNull {
        expr: Box<Expr>,
        negated: bool,
    },
    Cast {
        expr: Box<Expr>,
        to: DataType,
    },
    /// `FLOOR(ts TO unit)`.
    FloorTime {
        expr: Box<Expr>,
        unit: TimeUnitKw,
    },
    /// `STEP(ts BY INTERVAL …)`: `ts` rounded down to a multiple of `size` since the epoch
    /// (1970-01-01 00:00:00, UTC; months counted from January 1970).
    Step {
        expr: Box<Expr>,
        size: WindowSize,
    },
    /// `ts + INTERVAL …` or `ts - INTERVAL …`: a timestamp moved by a fixed number of
    /// milliseconds.
    TimeShift {
        expr: Box<Expr>,
        millis: i64,
    },
    /// `CEIL(ts TO unit)`.
    CeilTime {
        expr: Box<Expr>,
        unit: TimeUnitKw,
    },
    /// `CASE WHEN c THEN v … [ELSE e] END`; a `CASE x WHEN v …` is planned as `x = v` conditions.
    /// Every branch already has `data_type`.
    Case {
        branches: Vec<(Expr, Expr)>,
        otherwise: Option<Box<Expr>>,
        data_type: DataType,
    },
    /// `x [NOT] LIKE p`, `ILIKE`, and `SIMILAR TO` (as an anchored regular expression).
    Like {
        expr: Box<Expr>,
        pattern: Box<Expr>,
        negated: bool,
        kind: LikeKind,
    },
    /// A field of a ROW value (`person.id`): NULL when the row value is.
    Field {
        expr: Box<Expr>,
        index: usize,
        name: String,
        data_type: DataType,
    },
    /// A scalar function; `data_type` is its result type.
    Call {
        func: ScalarFunction,
        args: Vec<Expr>,
        data_type: DataType,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LikeKind {
    Like,
    ILike,
    SimilarTo,
    /// Flink's `REGEXP(s, regex)`: any part of `s` matches.
    Regexp,
}

impl Expr {
    /// Column `index` of a schema, as its field `field` names and types it.
    pub fn column_of(index: usize, field: &arrow_schema::Field) -> Expr {
        Expr::Column { index, name: field.name().clone(), data_type: field.data_type().clone() }
    }

    pub fn data_type(&self) -> DataType {
        match self {
            Expr::Column { data_type, .. } => data_type.clone(),
            Expr::Literal(v) => v.data_type(),
            Expr::Binary { op, left, right } => {
                if op.is_comparison() || op.is_logical() {
                    return DataType::Boolean;
                }
                match (left.data_type(), right.data_type()) {
                    (DataType::Decimal128(p1, s1), DataType::Decimal128(p2, s2)) => {
                        let (p, s) = decimal_result(*op, (p1, s1), (p2, s2));
                        DataType::Decimal128(p, s)
                    }
                    (l, _) => l,
                }
            }
            Expr::Not(_) | Expr::IsNull { .. } => DataType::Boolean,
            Expr::Negate(e) => e.data_type(),
            Expr::Cast { to, .. } => to.clone(),
            // A TIMESTAMP_LTZ moved by an interval is one still.
            Expr::TimeShift { expr, .. } => match expr.data_type() {
                ltz @ DataType::Timestamp(_, Some(_)) => ltz,
                _ => timestamp_type(),
            },
            Expr::FloorTime { .. } | Expr::Step { .. } | Expr::CeilTime { .. } => timestamp_type(),
            Expr::Case { data_type, .. } | Expr::Call { data_type, .. } | Expr::Field { data_type, .. } => {
                data_type.clone()
            }
            Expr::Like { .. } => DataType::Boolean,
        }
    }

    /// Marks in `used` (one flag per input column) every column this expression reads.
    pub fn mark_columns(&self, used: &mut [bool]) {
        match self {
            Expr::Column { index, .. } => {
                if let Some(flag) = used.get_mut(*index) {
                    *flag = true;
                }
            }
            _ => self.children().into_iter().for_each(|e| e.mark_columns(used)),
        }
    }

    /// The expressions directly inside this one.
    pub fn children(&self) -> Vec<&Expr> {
        match self {
            Expr::Column { .. } | Expr::Literal(_) => vec![],
            Expr::Binary { left, right, .. } => vec![left, right],
            Expr::Not(e) | Expr::Negate(e) => vec![e],
            Expr::IsNull { expr, .. }
            | Expr::Cast { expr, .. }
            | Expr::FloorTime { expr, .. }
            | Expr::Step { expr, .. }
            | Expr::CeilTime { expr, .. }
            | Expr::TimeShift { expr, .. }
            | Expr::Field { expr, .. } => vec![expr],
            Expr::Case { branches, otherwise, .. } => {
                let mut out: Vec<&Expr> = branches.iter().flat_map(|(c, v)| [c, v]).collect();
                out.extend(otherwise.as_deref());
                out
            }
            Expr::Like { expr, pattern, .. } => vec![expr, pattern],
            Expr::Call { args, .. } => args.iter().collect(),
        }
    }

    /// The same expression over other columns: each column index through `f`.
    pub fn map_columns(&self, f: &dyn Fn(usize) -> usize) -> Expr {
        let m = |e: &Expr| Box::new(e.map_columns(f));
        match self {
            Expr::Column { index, name, data_type } => {
                Expr::Column { index: f(*index), name: name.clone(), data_type: data_type.clone() }
            }
            Expr::Literal(_) => self.clone(),
            Expr::Binary { op, left, right } => Expr::Binary { op: *op, left: m(left), right: m(right) },
            Expr::Not(e) => Expr::Not(m(e)),
            Expr::Negate(e) => Expr::Negate(m(e)),
            Expr::IsNull { expr, negated } => Expr::IsNull { expr: m(expr), negated: *negated },
            Expr::Cast { expr, to } => Expr::Cast { expr: m(expr), to: to.clone() },
            Expr::FloorTime { expr, unit } => Expr::FloorTime { expr: m(expr), unit: *unit },
            Expr::Step { expr, size } => Expr::Step { expr: m(expr), size: *size },
            Expr::TimeShift { expr, millis } => Expr::TimeShift { expr: m(expr), millis: *millis },
            Expr::CeilTime { expr, unit } => Expr::CeilTime { expr: m(expr), unit: *unit },
            Expr::Case { branches, otherwise, data_type } => Expr::Case {
                branches: branches.iter().map(|(c, v)| (c.map_columns(f), v.map_columns(f))).collect(),
                otherwise: otherwise.as_deref().map(m),
                data_type: data_type.clone(),
            },
            Expr::Like { expr, pattern, negated, kind } => {
                Expr::Like { expr: m(expr), pattern: m(pattern), negated: *negated, kind: *kind }
            }
            Expr::Field { expr, index, name, data_type } => {
                Expr::Field { expr: m(expr), index: *index, name: name.clone(), data_type: data_type.clone() }
            }
            Expr::Call { func, args, data_type } => Expr::Call {
                func: func.clone(),
                args: args.iter().map(|a| a.map_columns(f)).collect(),
                data_type: data_type.clone(),
            },
        }
    }

    /// A timestamp's milliseconds as another timestamp type, unconverted: a TIMESTAMP as the
    /// TIMESTAMP_LTZ of the moment UTC's wall clock shows, and back.
    pub fn as_time_type(self, to: DataType) -> Expr {
        Expr::Call { func: super::ScalarFunction::FromMillis, args: vec![self], data_type: to }
    }

    pub fn cast_to(self, to: &DataType) -> Expr {
        if &self.data_type() == to {
            self
        } else {
            Expr::Cast { expr: Box::new(self), to: to.clone() }
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Column { name, .. } => write!(f, "{name}"),
            Expr::Literal(v) => write!(f, "{v}"),
            Expr::Binary { op, left, right } => write!(f, "({left} {op} {right})"),
            Expr::Not(e) => write!(f, "NOT {e}"),
            Expr::Negate(e) => write!(f, "-{e}"),
            Expr::IsNull { expr, negated: false } => write!(f, "{expr} IS NULL"),
            Expr::IsNull { expr, negated: true } => write!(f, "{expr} IS NOT NULL"),
            Expr::Cast { expr, to } => write!(f, "CAST({expr} AS {to})"),
            Expr::FloorTime { expr, unit } => write!(f, "FLOOR({expr} TO {unit})"),
            Expr::Step { expr, size: WindowSize::Millis(ms) } => write!(f, "STEP({expr} BY {ms} ms)"),
            Expr::Step { expr, size: WindowSize::Months(n) } => write!(f, "STEP({expr} BY {n} month(s))"),
            Expr::TimeShift { expr, millis } if *millis < 0 => write!(f, "({expr} - {} ms)", -millis),
            Expr::TimeShift { expr, millis } => write!(f, "({expr} + {millis} ms)"),
            Expr::CeilTime { expr, unit } => write!(f, "CEIL({expr} TO {unit})"),
            Expr::Case { branches, otherwise, .. } => {
                write!(f, "CASE")?;
                for (c, v) in branches {
                    write!(f, " WHEN {c} THEN {v}")?;
                }
                if let Some(e) = otherwise {
                    write!(f, " ELSE {e}")?;
                }
                write!(f, " END")
            }
            Expr::Field { expr, name, .. } => write!(f, "{expr}.{name}"),
            Expr::Like { expr, pattern, negated, kind } => {
                let op = match kind {
                    LikeKind::Like => "LIKE",
                    LikeKind::ILike => "ILIKE",
                    LikeKind::SimilarTo => "SIMILAR TO",
                    LikeKind::Regexp => "REGEXP",
                };
                write!(f, "{expr} {}{op} {pattern}", if *negated { "NOT " } else { "" })
            }
            Expr::Call { func, args, .. } => {
                let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
                match func {
                    ScalarFunction::Array(ArrayOp::Make) => write!(f, "ARRAY[{}]", args.join(", ")),
                    ScalarFunction::Array(ArrayOp::Element) => write!(f, "{}[{}]", args[0], args[1]),
                    ScalarFunction::Array(ArrayOp::Equal) => write!(f, "({} = {})", args[0], args[1]),
                    ScalarFunction::Array(ArrayOp::Text) => write!(f, "CAST({} AS STRING)", args[0]),
                    ScalarFunction::Array(op) => write!(f, "{}({})", op.name(), args.join(", ")),
                    ScalarFunction::Map(MapOp::Make) => write!(f, "MAP[{}]", args.join(", ")),
                    ScalarFunction::Map(MapOp::Get) => write!(f, "{}[{}]", args[0], args[1]),
                    ScalarFunction::Map(MapOp::Equal) => write!(f, "({} = {})", args[0], args[1]),
                    ScalarFunction::Map(MapOp::Text) => write!(f, "CAST({} AS STRING)", args[0]),
                    ScalarFunction::Map(op) => write!(f, "{}({})", op.name(), args.join(", ")),
                    _ => write!(f, "{func:?}({})", args.join(", ")),
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggregateFunction {
    Count,
    Sum,
    Avg,
    Min,
    Max,
    FirstValue,
    LastValue,
    StddevPop,
    StddevSamp,
    VarPop,
    VarSamp,
    /// KDA's `LAG(x, offset) [IGNORE NULLS] OVER w`: the value `offset` rows before the
    /// current one in the window (not counting NULLs, with IGNORE NULLS); NULL when there is no
    /// such row.
    Lag {
        offset: u32,
        ignore_nulls: bool,
    },
    /// Whether `LAG` found its row: what picks LAG's default (planned beside it).
    LagFound {
        offset: u32,
        ignore_nulls: bool,
    },
    /// KDA's `NTH_VALUE(x, n) [FROM FIRST | FROM LAST] [IGNORE NULLS] OVER w`: the window's
    /// `n`-th value from its first row, or from its last (the current row is the first from
    /// last), not counting NULLs with IGNORE NULLS; NULL when the window has fewer.
    NthValue {
        n: u32,
        ignore_nulls: bool,
        from_last: bool,
    },
    /// KDA's `EXP_AVG(x, half_life) OVER w`: the window's values weighted by their age, a
    /// value `half_life` milliseconds older than the current row weighing half as much.
    ExpAvg {
        half_life: i64,
    },
    /// Flink's `ARRAY_AGG([DISTINCT] x [RESPECT NULLS | IGNORE NULLS])`: the values in the
    /// order they came, NULLs kept unless ignored. With `filtered` (`FILTER (WHERE p)`), the
    /// argument is `CASE WHEN p THEN ROW(x) END`: a NULL is a row the filter left out, which a
    /// NULL `x` is not.
    ArrayAgg {
        ignore_nulls: bool,
        filtered: bool,
    },
    /// Flink's `LISTAGG(text [, separator])`: the non-NULL values in the order they came,
    /// joined by the separator (',' by default); NULL when there are none.
    ListAgg {
        separator: ShortText,
    },
}

/// A short text kept inline, so that an [`AggregateFunction`] stays `Copy`: LISTAGG's
/// separator, at most [`ShortText::MAX`] bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ShortText {
    bytes: [u8; ShortText::MAX],
    len: u8,
}

impl ShortText {
    pub const MAX: usize = 16;

    pub fn new(text: &str) -> Option<ShortText> {
        let mut bytes = [0u8; ShortText::MAX];
        bytes.get_mut(..text.len())?.copy_from_slice(text.as_bytes());
        Some(ShortText { bytes, len: text.len() as u8 })
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len as usize]).expect("made from a str")
    }
}

impl fmt::Debug for ShortText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl AggregateFunction {
    pub fn by_name(name: &str) -> Option<AggregateFunction> {
        Some(match name {
            "COUNT" => AggregateFunction::Count,
            "SUM" => AggregateFunction::Sum,
            "AVG" => AggregateFunction::Avg,
            "MIN" => AggregateFunction::Min,
            "MAX" => AggregateFunction::Max,
            "FIRST_VALUE" => AggregateFunction::FirstValue,
            "LAST_VALUE" => AggregateFunction::LastValue,
            "STDDEV_POP" => AggregateFunction::StddevPop,
            "STDDEV_SAMP" | "STDDEV" => AggregateFunction::StddevSamp,
            "VAR_POP" => AggregateFunction::VarPop,
            "VAR_SAMP" | "VARIANCE" => AggregateFunction::VarSamp,
            // KDA's boolean aggregates: false is smaller than true.
            "EVERY" => AggregateFunction::Min,
            "ANY" | "SOME" => AggregateFunction::Max,
            _ => return None,
        })
    }

    /// Functions that need a number.
    pub fn is_numeric_only(self) -> bool {
        !matches!(
            self,
            AggregateFunction::Count
                | AggregateFunction::Min
                | AggregateFunction::Max
                | AggregateFunction::FirstValue
                | AggregateFunction::LastValue
                | AggregateFunction::Lag { .. }
                | AggregateFunction::LagFound { .. }
                | AggregateFunction::NthValue { .. }
                | AggregateFunction::ListAgg { .. }
                | AggregateFunction::ArrayAgg { .. }
        )
    }
}

impl fmt::Display for AggregateFunction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AggregateFunction::Count => "COUNT",
            AggregateFunction::Sum => "SUM",
            AggregateFunction::Avg => "AVG",
            AggregateFunction::Min => "MIN",
            AggregateFunction::Max => "MAX",
            AggregateFunction::FirstValue => "FIRST_VALUE",
            AggregateFunction::LastValue => "LAST_VALUE",
            AggregateFunction::StddevPop => "STDDEV_POP",
            AggregateFunction::StddevSamp => "STDDEV_SAMP",
            AggregateFunction::VarPop => "VAR_POP",
            AggregateFunction::VarSamp => "VAR_SAMP",
            AggregateFunction::Lag { .. } => "LAG",
            AggregateFunction::LagFound { .. } => "LAG_FOUND",
            AggregateFunction::NthValue { .. } => "NTH_VALUE",
            AggregateFunction::ExpAvg { .. } => "EXP_AVG",
            AggregateFunction::ListAgg { .. } => "LISTAGG",
            AggregateFunction::ArrayAgg { .. } => "ARRAY_AGG",
        })
    }
}

/// An aggregate call; `arg` is None for `COUNT(*)`.
#[derive(Debug, Clone, PartialEq)]
pub struct AggregateExpr {
    pub func: AggregateFunction,
    pub arg: Option<Expr>,
    /// `COUNT(DISTINCT x)` and the like: each value once.
    pub distinct: bool,
}

impl AggregateExpr {
    /// The result type. Integers stay integers, as KDA's documented examples show:
    /// `SUM` and `AVG` of an integer column are BIGINT (AVG truncates), of a float column DOUBLE,
    /// of a DECIMAL a DECIMAL.
    pub fn data_type(&self) -> DataType {
        let arg_type = self.arg.as_ref().map(|a| a.data_type());
        match (self.func, arg_type) {
            (AggregateFunction::LagFound { .. }, _) => DataType::Boolean,
            (AggregateFunction::ListAgg { .. }, _) => DataType::Utf8,
            (AggregateFunction::ArrayAgg { filtered: true, .. }, Some(DataType::Struct(fields)))
                if fields.len() == 1 =>
            {
                crate::plan::types::list_type(fields[0].data_type().clone())
            }
            (AggregateFunction::ArrayAgg { .. }, t) => {
                crate::plan::types::list_type(t.filter(|t| t != &DataType::Null).unwrap_or(DataType::Utf8))
            }
            (AggregateFunction::Count, _) | (_, None) => DataType::Int64,
            (
                AggregateFunction::Min
                | AggregateFunction::Max
                | AggregateFunction::FirstValue
                | AggregateFunction::LastValue
                | AggregateFunction::Lag { .. }
                | AggregateFunction::NthValue { .. },
                Some(t),
            ) => t,
            (
                AggregateFunction::StddevPop
                | AggregateFunction::StddevSamp
                | AggregateFunction::VarPop
                | AggregateFunction::VarSamp
                | AggregateFunction::ExpAvg { .. },
                Some(_),
            ) => DataType::Float64,
            (AggregateFunction::Sum | AggregateFunction::Avg, Some(t)) if is_integer(&t) => DataType::Int64,
            // As Flink types them: SUM keeps the scale, AVG has at least 6 digits of it.
            (AggregateFunction::Sum, Some(DataType::Decimal128(_, s))) => DataType::Decimal128(38, s),
            (AggregateFunction::Avg, Some(DataType::Decimal128(_, s))) => DataType::Decimal128(38, s.max(6)),
            (AggregateFunction::Sum | AggregateFunction::Avg, Some(_)) => DataType::Float64,
        }
    }
}

impl fmt::Display for AggregateExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let distinct = if self.distinct { "DISTINCT " } else { "" };
        match &self.arg {
            Some(a) => write!(f, "{}({distinct}{a})", self.func),
            None => write!(f, "{}(*)", self.func),
        }
    }
}
