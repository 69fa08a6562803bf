package io.hubscore.connector.simulator;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The one WireMock extension of the simulator: turns every request WireMock receives into a
 * {@link SimRequest}, lets the {@link Router} answer it, and hands the answer back as a WireMock
 * response definition. Thread-safe.
 */
final class HubSpotTransformer implements ResponseDefinitionTransformerV2 {

    static final String NAME = "hubscore-portal";

    private final Router router;

    HubSpotTransformer(Router router) {
        this.router = router;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        SimRequest simRequest = SimRequest.of(request.getMethod().getName(), request.getUrl(), request.getBody(),
                request.getHeader("Authorization"));
        SimResponse response = router.handle(simRequest);
        ResponseDefinitionBuilder builder = ResponseDefinitionBuilder.responseDefinition().withStatus(response.status);
        if (response.connectionReset) {
            return builder.withFault(Fault.CONNECTION_RESET_BY_PEER).build();
        }
        List<HttpHeader> headers = new ArrayList<>(response.headers.size() + 1);
        if (response.contentType != null) {
            headers.add(new HttpHeader("Content-Type", response.contentType));
        }
        for (String[] header : response.headers) {
            headers.add(new HttpHeader(header[0], header[1]));
        }
        builder.withHeaders(new HttpHeaders(headers)).withBody(response.body);
        if (response.delayMillis > 0) {
            builder.withFixedDelay(response.delayMillis);
        }
        return builder.build();
    }
}
