//! The list of ids over the request: opened by the completion key where an
//! id goes, filtered as you type, Enter puts the chosen id in place of the
//! placeholder, path parameter or value.

use super::{IdPlace, IdTarget, body_place, described, harvest, url_placeholder};
use crate::app::editor::Field;
use crate::app::keymap::{Command, Context};
use crate::app::overlay::{Overlay, Picker, PickerItem, PickerKind};
use crate::app::state::{App, Focus};
use crate::pipeline::Exchange;

impl App {
    /// After a response: the ids it carries join those seen.
    pub(in crate::app) fn see_ids(&mut self, x: &Exchange) {
        let ids = harvest(
            &x.request.method,
            &x.request.url,
            x.status.code,
            &x.body.text,
        );
        if ids.is_empty() {
            return;
        }
        let at = crate::connect::datetime::format_epoch_millis(self.clock.epoch_ms());
        let time = at.get(11..19).unwrap_or(&at).to_owned();
        let from = described(x.status.code, &x.request.method, &x.request.url);
        self.ids.see(ids, &time, &from);
    }

    /// The ids seen this session, newest first.
    pub fn seen_ids(&self) -> &super::SeenIds {
        &self.ids
    }

    /// Where an id goes at the focused field's cursor: in the URL, the
    /// placeholder or path parameter at the cursor, else the URL's last one
    /// (`merchantId` aside: the environment gives it); in the body, the
    /// id-shaped value at the cursor.
    pub(in crate::app) fn id_place(&self) -> Option<IdPlace> {
        match self.focus {
            Focus::Request(Field::Url) => {
                let url = self.editor.url_text();
                let cursor = self.editor.url_cursor();
                let mut places: Vec<(std::ops::Range<usize>, String)> = Vec::new();
                if let Some(m) = crate::connect::model::loaded()
                    && let Ok(found) = m.match_request(self.editor.method(), &url)
                {
                    for p in found.params {
                        let chars = |b: usize| url.get(..b).map_or(0, |s| s.chars().count());
                        places.push((chars(p.range.start)..chars(p.range.end), p.name));
                    }
                }
                if let Some(p) = url_placeholder(&url, cursor) {
                    places.push(p);
                }
                places.retain(|(_, name)| name != "merchantId");
                let at = places
                    .iter()
                    .find(|(chars, _)| chars.start <= cursor && cursor <= chars.end)
                    .or(places.iter().max_by_key(|(chars, _)| chars.start))?;
                Some(IdPlace::Url {
                    chars: at.0.clone(),
                    name: Some(at.1.clone()),
                })
            }
            Focus::Request(Field::Body) => {
                let (row, col) = self.editor.body_cursor();
                let line = self.editor.body_lines().get(row)?;
                body_place(row, line, col)
            }
            _ => None,
        }
    }

    /// Opens the list of ids seen for `place`, or says why there is none.
    pub(in crate::app) fn offer_ids(&mut self, place: IdPlace) {
        if self.ids.is_empty() {
            let what = place.name().unwrap_or("an id");
            self.info(format!(
                "no id seen yet in this session's responses: a create's answer gives {what}"
            ));
            return;
        }
        self.ids.set_target(Some(IdTarget {
            text: self.place_text(&place),
            place,
        }));
        self.open(Overlay::Picker(Picker::new(PickerKind::Id, 0)));
    }

    /// The text of the field a place is in, to tell later whether it changed.
    fn place_text(&self, place: &IdPlace) -> String {
        match place {
            IdPlace::Url { .. } => self.editor.url_text(),
            IdPlace::Body { .. } => self.editor.body_revision().to_string(),
        }
    }

    /// The list's rows: the ids the place wants first, newest first.
    pub(in crate::app) fn id_items(&self) -> Vec<PickerItem> {
        let wanted = self.ids.target().and_then(|t| t.place.name());
        self.ids
            .ordered(wanted)
            .into_iter()
            .map(|s| PickerItem {
                name: s.value.clone(),
                detail: format!("{} · {} · {}", s.name, s.at, s.from),
                warn: false,
            })
            .collect()
    }

    /// Puts the id listed at `index` in its place, if the field has not
    /// changed since the list opened.
    pub(in crate::app) fn put_id(&mut self, index: usize) {
        let Some(target) = self.ids.target().cloned() else {
            return;
        };
        let wanted = target.place.name();
        let Some(id) = self.ids.ordered(wanted).get(index).map(|s| s.value.clone()) else {
            return;
        };
        if self.place_text(&target.place) != target.text {
            let key = self.keymap.key_in(Command::Complete, Context::TEXT);
            self.info(format!(
                "the request changed meanwhile: {key} lists the ids again"
            ));
            return;
        }
        match target.place {
            IdPlace::Url { chars, .. } => {
                self.editor.select_url(chars);
                self.editor.paste(Field::Url, &id);
                self.focus = Focus::Request(Field::Url);
            }
            IdPlace::Body { row, chars, .. } => {
                self.editor
                    .replace_in_body((row, chars.start), (row, chars.end), &id);
                self.focus = Focus::Request(Field::Body);
            }
        }
        self.ids.set_target(None);
        self.info(format!("put in {id}"));
    }
}
