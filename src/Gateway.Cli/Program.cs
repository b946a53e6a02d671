// gatewayctl: written by the API work (issue 5).
return 2;
