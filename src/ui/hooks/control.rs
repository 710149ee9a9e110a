//! The control plane's clock: transitions finish, the panel shows where they are, and the
//! page's application is kept in IndexedDB.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Interval;
use yew::prelude::*;

use crate::ui::persist;
use crate::ui::plane::Plane;
use crate::ui::state::{Action, ControlView, PlaygroundState};

/// Wall-clock milliseconds between looks at the control plane.
const CONTROL_MS: u32 = 250;

/// The control plane's clock: transitions finish, the panel shows where they are, and the
/// application is kept in IndexedDB whenever its versions, status or snapshots change (and
/// comes back from there when the page opens).
#[hook]
pub fn use_control_plane(plane: &Rc<RefCell<Plane>>, dispatcher: UseReducerDispatcher<PlaygroundState>) {
    let plane = plane.clone();
    use_effect_with((), move |_| {
        {
            let (plane, dispatcher) = (plane.clone(), dispatcher.clone());
            yew::platform::spawn_local(async move {
                if crate::ui::embedded() {
                    return;
                }
                if let Ok(Some(kept)) = persist::load_application().await {
                    let mut plane = plane.borrow_mut();
                    if let Ok(name) = plane.apps.import_application(&kept) {
                        plane.name = Some(name.clone());
                        dispatcher.dispatch(Action::SetAppName(name));
                    }
                }
            });
        }
        let shown: RefCell<Option<Rc<ControlView>>> = RefCell::new(None);
        let timer = Interval::new(CONTROL_MS, move || {
            let view = Rc::new(plane.borrow_mut().view());
            let previous = shown.borrow().clone();
            if previous.as_ref() == Some(&view) {
                return;
            }
            let key = |v: &ControlView| (v.status.clone(), v.version, v.snapshots.clone());
            if view.status.is_some() && previous.as_deref().map(key) != Some(key(&view)) && !crate::ui::embedded() {
                let name = plane.borrow().name.clone().unwrap_or_default();
                if let Ok(kept) = plane.borrow_mut().apps.export_application(&name) {
                    yew::platform::spawn_local(async move {
                        let _ = persist::save_application(&kept).await;
                    });
                }
            }
            *shown.borrow_mut() = Some(view.clone());
            dispatcher.dispatch(Action::Control(view));
        });
        move || drop(timer)
    });
}
