package io.hubscore.scoring;

import java.util.ArrayList;
import java.util.List;

/** Collects the data-quality notes of one scoring call; allocates only when there is a note. Not thread-safe. */
final class Notes {

    private List<DataQualityNote> notes;

    void add(String source, String property, String message) {
        if (notes == null) {
            notes = new ArrayList<>(2);
        }
        notes.add(new DataQualityNote(source, property, message));
    }

    List<DataQualityNote> toList() {
        return notes == null ? List.of() : notes;
    }
}
