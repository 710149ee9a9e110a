//! The page's session across reloads and links: a kept application offered to resume, the
//! session kept as the page goes away, and a shared session opened from the link.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::ui::state::{failure, Action, PlaygroundState, Shared};
use crate::ui::{persist, share};

/// Brings back what the page kept or was linked to, and keeps the session as the page goes;
/// returns the fragment the page's own Share last set (a link that is not the page's own opens).
#[hook]
pub fn use_kept_session(state: &UseReducerHandle<PlaygroundState>, speed: &Rc<RefCell<f64>>) -> Rc<RefCell<String>> {
    // A kept application from before a reload: offered once the page is up.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                if crate::ui::embedded() {
                    return;
                }
                if let Ok(Some(session)) = persist::load().await {
                    dispatcher.dispatch(Action::ResumeOffered(Some(session)));
                }
            });
        });
    }
    // The page's session, kept as the page goes away (the latest state each render leaves).
    let latest: Rc<RefCell<Option<UseReducerHandle<PlaygroundState>>>> = use_mut_ref(|| None);
    *latest.borrow_mut() = Some(state.clone());
    {
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let listener = gloo::events::EventListener::new(&gloo::utils::window(), "pagehide", move |_| {
                if let (Some(state), false) = (latest.borrow().as_ref(), crate::ui::embedded()) {
                    share::keep(state);
                }
            });
            move || drop(listener)
        });
    }
    // A shared session in the link comes back when the page opens (or when a link's fragment
    // changes under it); without one, the last session.
    let own_fragment: Rc<RefCell<String>> = use_mut_ref(String::new);
    {
        let (dispatcher, speed, own) = (state.dispatcher(), speed.clone(), own_fragment.clone());
        use_effect_with((), move |_| {
            let open = {
                let (dispatcher, speed) = (dispatcher.clone(), speed.clone());
                move |hash: String| {
                    let (dispatcher, speed) = (dispatcher.clone(), speed.clone());
                    yew::platform::spawn_local(async move {
                        match Shared::from_fragment(&hash).await {
                            Ok(shared) => {
                                *speed.borrow_mut() = shared.source.speed;
                                dispatcher.dispatch(Action::Shared(shared));
                            }
                            Err(message) => dispatcher.dispatch(failure(message)),
                        }
                    });
                }
            };
            let hash = || web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
            let first = hash();
            if first.starts_with(share::PREFIX) {
                open(first);
            } else if let Some(kept) = share::kept().filter(|_| !crate::ui::embedded()) {
                *speed.borrow_mut() = kept.source.speed;
                dispatcher.dispatch(Action::Shared(kept));
            }
            // A link pasted over this page's: only its fragment changes, the page stays.
            let listener = gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                let now = hash();
                if now.starts_with(share::PREFIX) && *own.borrow() != now {
                    open(now);
                }
            });
            move || drop(listener)
        });
    }
    own_fragment
}
