#include "KeyCopies.h"

#include "EventStore.h"

#include <algorithm>

qint64 KeyCopies::neighbour(int step) const
{
    const qsizetype at = index + step;
    return index >= 0 && at >= 0 && at < ids.size() ? ids.at(at) : 0;
}

KeyCopies KeyCopies::load(EventStore& store, qint64 id, int limit)
{
    KeyCopies copies;
    copies.eventId = id;
    copies.ids = store.copies(id);
    copies.index = copies.ids.indexOf(id);
    if (copies.index < 0 || !copies.repeats()) {
        return copies;
    }
    // The list shows at most limit copies, centred on this one where there is room.
    copies.shownFrom
        = std::clamp<qsizetype>(copies.index - limit / 2, 0, std::max<qsizetype>(copies.ids.size() - limit, 0));
    copies.shown = store.summaries(copies.ids.mid(copies.shownFrom, limit));
    const QList<EventSummary> ends = store.summaries({copies.ids.first(), copies.ids.last()});
    if (ends.size() == 2) {
        copies.first = ends.first();
        copies.last = ends.last();
    }
    const auto self
        = std::find_if(copies.shown.cbegin(), copies.shown.cend(), [id](const EventSummary& s) { return s.id == id; });
    // The summaries compared the bodies in SQLite; only a conflict needs them here, to say how they differ.
    if (self != copies.shown.cend() && self->conflict) {
        copies.conflict = true;
        copies.diff = JsonDiff::bodies(store.event(self->duplicateOf).body, store.event(id).body);
    }
    return copies;
}
