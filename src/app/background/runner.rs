//! The one runner for everything off the UI thread: loading, recomputing,
//! file dialogs, scenario and norms files, the autosave, exports, "merge
//! all feasible", a new school's site check and the basemap's folder tiles.
//!
//! A job runs on a thread of its own in a [`Lane`], under the lane's
//! [`Policy`]:
//!
//! - **newest wins**: while one runs, the newest request waits and any
//!   older waiting one is dropped (a slider dragged through ten values
//!   recomputes the first and the last);
//! - **one at a time**: while one runs, another is refused ([`JobError::Busy`])
//!   and the caller says so.
//!
//! A job reports progress and sees a cancel through its [`Progress`]; a
//! cancelled job's result is dropped. It returns what to do with its
//! result, a closure run on the UI thread against the app ([`Apply`]), so
//! the runner knows nothing of what the jobs are. A job that panics is
//! reported ([`Finished::Panicked`]) with its lane and message; the lane is
//! free again. The window is woken after each result.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// A lane's name (each is one of [`lanes`]'s).
pub type Lane = &'static str;

/// The lanes the window uses, each with its policy.
pub mod lanes {
    use super::{Lane, Policy};

    pub const LOAD: (Lane, Policy) = ("load", Policy::NewestWins);
    pub const COMPUTE: (Lane, Policy) = ("compute", Policy::NewestWins);
    pub const DIALOG: (Lane, Policy) = ("dialog", Policy::OneAtATime);
    pub const FILE: (Lane, Policy) = ("scenario-file", Policy::OneAtATime);
    pub const AUTOSAVE: (Lane, Policy) = ("autosave", Policy::OneAtATime);
    pub const MERGES: (Lane, Policy) = ("merges", Policy::OneAtATime);
    pub const SITE: (Lane, Policy) = ("site-check", Policy::NewestWins);
    pub const EXPORT: (Lane, Policy) = ("export", Policy::OneAtATime);
    pub const TILES: (Lane, Policy) = ("tiles", Policy::OneAtATime);
    pub const OPTIMISE: (Lane, Policy) = ("optimise", Policy::OneAtATime);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    NewestWins,
    OneAtATime,
}

/// What to do with a job's result, on the UI thread.
pub type Apply<T> = Box<dyn FnOnce(&mut T) + Send>;

type Work<T> = Box<dyn FnOnce(&Progress) -> Apply<T> + Send>;

/// A job's view of itself: how far it is, and whether it was cancelled.
#[derive(Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
    cancelled: AtomicBool,
}

impl Progress {
    pub fn set_total(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }

    /// The counter the job advances (for code that counts by itself).
    pub fn counter(&self) -> &AtomicUsize {
        &self.done
    }

    /// (done, total); a total of 0 is not known yet.
    pub fn get(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// Whether the job should stop (its result will be dropped).
    pub fn cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// The cancel flag itself, for work that checks it on its own.
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancelled
    }
}

/// A finished job.
pub enum Finished<T> {
    Done(Apply<T>),
    /// The job panicked: its lane and the panic's message.
    Panicked {
        lane: Lane,
        message: String,
    },
}

/// Why a job could not start.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("a job of this kind is already running")]
    Busy,
    #[error("cannot start a thread: {0}")]
    Spawn(#[from] std::io::Error),
}

struct Running {
    progress: Arc<Progress>,
    since: Instant,
}

struct LaneState<T> {
    running: Option<Running>,
    /// The newest request of a newest-wins lane, while one runs.
    waiting: Option<Work<T>>,
}

struct Inner<T> {
    lanes: HashMap<Lane, LaneState<T>>,
    /// Jobs ended and not yet polled, with the lane each ran in (a cancel
    /// drops its lane's result even when it ended first).
    finished: Vec<(Lane, Finished<T>)>,
}

struct Shared<T> {
    inner: Mutex<Inner<T>>,
    wake: Box<dyn Fn() + Send + Sync>,
}

/// The runner: cheap to clone, every clone the same runner.
pub struct Jobs<T> {
    shared: Arc<Shared<T>>,
}

impl<T> Clone for Jobs<T> {
    fn clone(&self) -> Self {
        Jobs {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<T: 'static> Jobs<T> {
    /// `wake` is called after each result (the window repaints).
    pub fn new(wake: impl Fn() + Send + Sync + 'static) -> Jobs<T> {
        Jobs {
            shared: Arc::new(Shared {
                inner: Mutex::new(Inner {
                    lanes: HashMap::new(),
                    finished: Vec::new(),
                }),
                wake: Box::new(wake),
            }),
        }
    }

    /// Start a job in a lane under its policy. A newest-wins job that
    /// must wait returns Ok and starts when the running one ends.
    pub fn start(
        &self,
        (lane, policy): (Lane, Policy),
        work: impl FnOnce(&Progress) -> Apply<T> + Send + 'static,
    ) -> Result<(), JobError> {
        let work: Work<T> = Box::new(work);
        let mut inner = self.lock();
        let state = inner.lanes.entry(lane).or_insert_with(|| LaneState {
            running: None,
            waiting: None,
        });
        if state.running.is_some() {
            return match policy {
                Policy::OneAtATime => Err(JobError::Busy),
                Policy::NewestWins => {
                    state.waiting = Some(work);
                    Ok(())
                }
            };
        }
        self.spawn(&mut inner, lane, work)
    }

    fn spawn(&self, inner: &mut Inner<T>, lane: Lane, work: Work<T>) -> Result<(), JobError> {
        let progress = Arc::new(Progress::default());
        let runner = self.clone();
        let job_progress = Arc::clone(&progress);
        // The one place a thread starts (clippy.toml's disallowed-methods).
        #[allow(clippy::disallowed_methods)]
        std::thread::Builder::new()
            .name(format!("seatcast-{lane}"))
            .spawn(move || {
                let result =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&job_progress)));
                runner.finish(lane, &job_progress, result);
            })?;
        if let Some(state) = inner.lanes.get_mut(lane) {
            state.running = Some(Running {
                progress,
                since: Instant::now(),
            });
        }
        Ok(())
    }

    /// A job ended (on its own thread): keep its result, free the lane,
    /// start the one waiting, wake the window.
    fn finish(&self, lane: Lane, progress: &Progress, result: std::thread::Result<Apply<T>>) {
        {
            let mut inner = self.lock();
            match result {
                Ok(apply) if !progress.cancelled() => {
                    inner.finished.push((lane, Finished::Done(apply)));
                }
                Ok(_) => {}
                Err(panic) => inner.finished.push((
                    lane,
                    Finished::Panicked {
                        lane,
                        message: panic_message(panic.as_ref()),
                    },
                )),
            }
            let waiting = inner.lanes.get_mut(lane).and_then(|s| {
                s.running = None;
                s.waiting.take()
            });
            if let Some(w) = waiting
                && let Err(e) = self.spawn(&mut inner, lane, w)
            {
                inner.finished.push((
                    lane,
                    Finished::Panicked {
                        lane,
                        message: e.to_string(),
                    },
                ));
            }
        }
        (self.shared.wake)();
    }

    fn lock(&self) -> MutexGuard<'_, Inner<T>> {
        // A panic never happens while the lock is held (jobs run outside
        // it), so a poisoned lock still holds consistent state.
        self.shared
            .inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The jobs finished since the last call, in the order they ended.
    pub fn poll(&self) -> Vec<Finished<T>> {
        std::mem::take(&mut self.lock().finished)
            .into_iter()
            .map(|(_, f)| f)
            .collect()
    }

    /// Whether a job of this lane runs or waits.
    pub fn running(&self, (lane, _): (Lane, Policy)) -> bool {
        self.lock()
            .lanes
            .get(lane)
            .is_some_and(|s| s.running.is_some() || s.waiting.is_some())
    }

    /// When the lane's running job started.
    pub fn since(&self, (lane, _): (Lane, Policy)) -> Option<Instant> {
        self.lock()
            .lanes
            .get(lane)
            .and_then(|s| s.running.as_ref().map(|r| r.since))
    }

    /// The lane's running job's progress: (done, total).
    pub fn progress(&self, (lane, _): (Lane, Policy)) -> Option<(usize, usize)> {
        self.lock()
            .lanes
            .get(lane)
            .and_then(|s| s.running.as_ref().map(|r| r.progress.get()))
    }

    /// Cancel the lane's running job (its result is dropped) and drop the
    /// one waiting.
    pub fn cancel(&self, (lane, _): (Lane, Policy)) {
        let mut inner = self.lock();
        if let Some(s) = inner.lanes.get_mut(lane) {
            s.waiting = None;
            if let Some(r) = &s.running {
                r.progress.cancelled.store(true, Ordering::Relaxed);
            }
        }
        // A job that ended in the same frame as the cancel: its answer is
        // dropped too (the planner pressed Cancel while it showed running).
        inner
            .finished
            .retain(|(l, f)| *l != lane || !matches!(f, Finished::Done(_)));
    }

    /// Whether any job runs or waits.
    pub fn busy(&self) -> bool {
        self.lock()
            .lanes
            .values()
            .any(|s| s.running.is_some() || s.waiting.is_some())
    }

    /// Wait up to `limit` for a lane to go quiet (at exit), returning what
    /// finished meanwhile.
    pub fn wait_for(&self, lane: (Lane, Policy), limit: Duration) -> Vec<Finished<T>> {
        let start = Instant::now();
        let mut out = Vec::new();
        while self.running(lane) && start.elapsed() < limit {
            out.extend(self.poll());
            std::thread::sleep(Duration::from_millis(5));
        }
        out.extend(self.poll());
        out
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    /// Run every finished job against `log`, until the runner is quiet.
    fn settle(jobs: &Jobs<Vec<String>>, log: &mut Vec<String>) {
        let start = Instant::now();
        while (jobs.busy() || !jobs.shared.inner.lock().expect("lock").finished.is_empty())
            && start.elapsed() < Duration::from_secs(10)
        {
            for f in jobs.poll() {
                match f {
                    Finished::Done(apply) => apply(log),
                    Finished::Panicked { lane, message } => {
                        log.push(format!("{lane} panicked: {message}"))
                    }
                }
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    fn says(text: &str) -> Apply<Vec<String>> {
        let text = text.to_string();
        Box::new(move |log: &mut Vec<String>| log.push(text))
    }

    #[test]
    fn newest_wins_runs_the_first_and_the_last() {
        let jobs: Jobs<Vec<String>> = Jobs::new(|| {});
        let (go, gate) = channel::<()>();
        jobs.start(lanes::COMPUTE, move |_| {
            let _ = gate.recv();
            says("1")
        })
        .expect("starts");
        for n in 2..=5 {
            let text = n.to_string();
            jobs.start(lanes::COMPUTE, move |_| says(&text))
                .expect("waits");
        }
        assert!(jobs.running(lanes::COMPUTE));
        go.send(()).expect("the first job waits");
        let mut log = Vec::new();
        settle(&jobs, &mut log);
        assert_eq!(log, vec!["1", "5"]);
        assert!(!jobs.running(lanes::COMPUTE));
    }

    #[test]
    fn one_at_a_time_refuses_a_second_and_frees_the_lane_after() {
        let jobs: Jobs<Vec<String>> = Jobs::new(|| {});
        let (go, gate) = channel::<()>();
        jobs.start(lanes::EXPORT, move |_| {
            let _ = gate.recv();
            says("export")
        })
        .expect("starts");
        assert!(matches!(
            jobs.start(lanes::EXPORT, |_| says("again")),
            Err(JobError::Busy)
        ));
        // Another lane is not held up.
        jobs.start(lanes::DIALOG, |_| says("dialog"))
            .expect("another lane");
        go.send(()).expect("waits");
        let mut log = Vec::new();
        settle(&jobs, &mut log);
        log.sort();
        assert_eq!(log, vec!["dialog", "export"]);
        jobs.start(lanes::EXPORT, |_| says("later"))
            .expect("free again");
        settle(&jobs, &mut log);
        assert_eq!(log.last().map(String::as_str), Some("later"));
    }

    /// A job that ended but whose answer was not yet taken when Cancel was
    /// pressed: its answer is dropped too (the window showed it running).
    #[test]
    fn a_cancel_drops_an_answer_that_came_in_the_same_frame() {
        let jobs: Jobs<Vec<String>> = Jobs::new(|| {});
        jobs.start(lanes::EXPORT, |_| says("done")).expect("starts");
        let start = Instant::now();
        while jobs.busy() && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(1));
        }
        jobs.cancel(lanes::EXPORT);
        assert!(jobs.poll().is_empty());
    }

    #[test]
    fn progress_is_seen_and_a_cancelled_result_is_dropped() {
        let jobs: Jobs<Vec<String>> = Jobs::new(|| {});
        let (go, gate) = channel::<()>();
        let (seen, saw) = channel::<()>();
        jobs.start(lanes::EXPORT, move |p| {
            p.set_total(4);
            p.counter().fetch_add(3, Ordering::Relaxed);
            let _ = seen.send(());
            let _ = gate.recv();
            assert!(p.cancelled());
            says("written")
        })
        .expect("starts");
        saw.recv().expect("the job ran");
        assert_eq!(jobs.progress(lanes::EXPORT), Some((3, 4)));
        assert!(jobs.since(lanes::EXPORT).is_some());
        jobs.cancel(lanes::EXPORT);
        go.send(()).expect("waits");
        let mut log = Vec::new();
        settle(&jobs, &mut log);
        assert!(log.is_empty(), "{log:?}");
        assert_eq!(jobs.progress(lanes::EXPORT), None);
    }

    #[test]
    fn a_panic_is_reported_with_its_lane_and_the_lane_goes_on() {
        let jobs: Jobs<Vec<String>> = Jobs::new(|| {});
        jobs.start(lanes::LOAD, |_| -> Apply<Vec<String>> {
            panic!("row 7 was odd")
        })
        .expect("starts");
        let mut log = Vec::new();
        settle(&jobs, &mut log);
        assert_eq!(log, vec!["load panicked: row 7 was odd"]);
        jobs.start(lanes::LOAD, |_| says("loaded"))
            .expect("the lane is free");
        settle(&jobs, &mut log);
        assert_eq!(log.last().map(String::as_str), Some("loaded"));
    }
}
