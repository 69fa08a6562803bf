package io.hubscore.daemon;

import io.hubscore.config.BandsConfig;
import io.hubscore.config.SyncConfig;
import io.hubscore.config.WriteBackConfig;
import io.hubscore.client.PropertyDefinition;
import io.hubscore.client.PropertyGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * The contact properties hubscore owns and writes back, as HubSpot property definitions derived from
 * the config's write-back section and bands: the score a number, the band an enumeration whose
 * option values are the band names (case-sensitive, as HubSpot compares them), the band change a
 * date-time, the model version and the reasons text. The writer ensures them; {@code probe} checks
 * them. Stateless; nothing returned is null.
 */
public final class OwnedProperties {

    private OwnedProperties() {
    }

    /** The property group that holds hubscore's properties. */
    public static PropertyGroup group(SyncConfig config) {
        WriteBackConfig writeBack = config.writeBack();
        return new PropertyGroup(writeBack.group(), writeBack.groupLabel(), 0);
    }

    /** Every owned property, in the order score, band, band changed at, model version, reasons. */
    public static List<PropertyDefinition> definitions(SyncConfig config) {
        WriteBackConfig.PropertiesConfig names = config.writeBack().properties();
        String group = config.writeBack().group();
        List<PropertyDefinition.Option> bands = new ArrayList<>();
        List<BandsConfig.Band> levels = config.bands().levels();
        for (int i = 0; i < levels.size(); i++) {
            bands.add(new PropertyDefinition.Option(levels.get(i).name(), levels.get(i).name(), i, false));
        }
        return List.of(
                new PropertyDefinition(names.score(), "hubscore score", "number", "number", group,
                        "Lead score computed by hubscore.", List.of()),
                new PropertyDefinition(names.band(), "hubscore band", "enumeration", "select", group,
                        "Band of the hubscore lead score.", bands),
                new PropertyDefinition(names.bandChangedAt(), "hubscore band changed at", "datetime", "date", group,
                        "When the hubscore band last changed.", List.of()),
                new PropertyDefinition(names.modelVersion(), "hubscore model version", "string", "text", group,
                        "Version of the scoring model that computed the score.", List.of()),
                new PropertyDefinition(names.reasons(), "hubscore reasons", "string", "textarea", group,
                        "Top reasons behind the hubscore lead score.", List.of()));
    }
}
